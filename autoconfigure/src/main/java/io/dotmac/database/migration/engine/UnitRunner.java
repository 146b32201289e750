package io.dotmac.database.migration.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import liquibase.changelog.ChangeSet;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationHook;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.MigrationUpgradeException;

/**
 * Applies one {@link MigrationUnit} (one module part in one schema) in one transaction, on a
 * connection the caller supplies:
 * <ol>
 * <li>{@code search_path} is set to the schema for the transaction, and the unit's advisory
 * lock ({@link MigrationLocks}) is tried; when another runner holds it, the runner waits (at
 * most the lock wait timeout) and then re-reads the history, which the other runner has
 * usually completed.</li>
 * <li>The history table is created if missing (Liquibase's layout plus {@code execution_ms})
 * and read; a changed applied changeset fails the unit before anything runs.</li>
 * <li>The pending fast-path changesets run as one script, each followed by its history
 * {@code INSERT} in Liquibase's format with its execution time measured by the server: one
 * round trip for all. Changesets that Liquibase must run go through
 * {@link LiquibaseChangeSetExecutor} in the same transaction.</li>
 * <li>The {@link MigrationHook}s run, then the transaction commits. PostgreSQL's DDL is
 * transactional, so a failure or a crash anywhere before the commit leaves the unit as it was,
 * and the next run does the whole unit again.</li>
 * </ol>
 * A changeset with {@code runInTransaction="false"} cannot run inside a transaction: a unit
 * that has one takes the session-level advisory lock instead, commits what came before it and
 * runs it in auto-commit mode (as Liquibase does), so such a unit is atomic only piecewise.
 */
public class UnitRunner {

	private static final String STARTED = "dotmac.migration.started";

	private static final String START_SQL = "SELECT set_config('" + STARTED + "', clock_timestamp()::text, true)";

	private static final String ELAPSED_MS = "(extract(epoch from clock_timestamp() - current_setting('" + STARTED
			+ "')::timestamptz) * 1000)::bigint";

	private final LiquibaseChangeSetExecutor liquibase;

	private final List<MigrationHook> hooks;

	private final Duration lockWaitTimeout;

	/**
	 * Create a runner.
	 * @param liquibase runs the changesets that may not take the fast path
	 * @param hooks called in each unit's transaction after its changesets ran
	 * @param lockWaitTimeout how long to wait for a unit that another runner holds
	 */
	public UnitRunner(LiquibaseChangeSetExecutor liquibase, List<MigrationHook> hooks, Duration lockWaitTimeout) {
		this.liquibase = Objects.requireNonNull(liquibase, "liquibase must not be null");
		this.hooks = List.copyOf(hooks);
		this.lockWaitTimeout = Objects.requireNonNull(lockWaitTimeout, "lockWaitTimeout must not be null");
	}

	/**
	 * Apply (or stamp) a unit.
	 * @param connection a connection outside any tenant hook; it is left in its auto-commit mode
	 * @param unit the unit
	 * @param plan the unit's plan
	 * @param target a tag or changeset id to stop at, or {@code null} for the head
	 * @param stamp {@code true} to record the pending changesets without running them
	 * @param deploymentId the {@code DEPLOYMENT_ID} of the rows written
	 * @return what was done
	 * @throws MigrationException when the unit failed (nothing of it was kept)
	 */
	public Outcome apply(Connection connection, MigrationUnit unit, PartPlan plan, @Nullable String target,
			boolean stamp, String deploymentId) {
		List<PlannedChangeSet> targetChangeSets = plan.upTo(target);
		boolean nonTransactional = !stamp
				&& targetChangeSets.stream().anyMatch((changeSet) -> !changeSet.changeSet().isRunInTransaction());
		long key = MigrationLocks.key(unit.schema(), unit.module());
		HistoryTable history = HistoryTable.of(unit.schema(), plan.historyTable());
		String previousPath = null;
		boolean autoCommit = true;
		try {
			autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			Setup setup = setUp(connection, unit, history, key, nonTransactional);
			previousPath = setup.previousPath();
			List<HistoryTable.Row> rows = setup.historyExists() ? history.read(connection, setup.hasExecutionMs())
					: List.of();
			List<PendingChangeSets.Step> steps = PendingChangeSets.compute(unit, plan, targetChangeSets, rows,
					this.liquibase.resourceAccessor());
			int notApplied = PendingChangeSets.notApplied(plan, rows);
			if (steps.isEmpty()) {
				connection.rollback();
				return new Outcome(List.of(), List.of(), last(rows), notApplied, setup.lockWait());
			}
			String prefix = setup.historyExists() ? (setup.hasExecutionMs() ? "" : history.addExecutionMsSql())
					: history.createSql();
			Run run = new Run(connection, unit, plan, history, deploymentId, nextOrder(rows), prefix);
			if (stamp) {
				run.stamp(steps);
			}
			else if (!this.liquibase.checkChangeLogPreconditions(connection, unit.schema(), plan.historyTable(),
							plan.changeLog())) {
				connection.rollback();
				return new Outcome(List.of(), List.of(), last(rows), notApplied, setup.lockWait());
			}
			else {
				run.upgrade(steps);
				if (!run.applied.isEmpty()) {
					for (MigrationHook hook : this.hooks) {
						hook.afterUnit(unit, List.copyOf(run.applied), connection);
					}
				}
			}
			connection.commit();
			ChangeSetRef lastRef = run.applied.isEmpty() ? last(rows) : run.applied.get(run.applied.size() - 1);
			// Skipped changesets (a failed precondition with onFail CONTINUE) stay pending.
			return new Outcome(run.applied, run.durations, lastRef, notApplied - run.inserted, setup.lockWait());
		}
		catch (MigrationException ex) {
			rollbackQuietly(connection);
			throw ex;
		}
		catch (Exception ex) {
			rollbackQuietly(connection);
			throw new MigrationUpgradeException("Migration of " + unit + " failed: " + message(ex)
					+ ". Nothing of this unit's transaction was kept; fix the cause and run the upgrade again.", ex,
					unit.tenant(), unit.module(), null);
		}
		finally {
			finish(connection, autoCommit, nonTransactional, key, previousPath);
		}
	}

	/**
	 * Read a unit's history and what an upgrade would run, changing nothing (no lock, no
	 * history table created).
	 * @param connection a connection outside any tenant hook
	 * @param unit the unit
	 * @param plan the unit's plan
	 * @param target a tag or changeset id to stop at, or {@code null} for the head
	 * @return the history and the pending changesets
	 * @throws MigrationException when the history cannot be read or an applied changeset
	 * changed
	 */
	public Inspection inspect(Connection connection, MigrationUnit unit, PartPlan plan, @Nullable String target) {
		HistoryTable history = HistoryTable.of(unit.schema(), plan.historyTable());
		try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?::text) IS NOT NULL,"
				+ " EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(?::text)"
				+ " AND attname = '" + HistoryTable.EXECUTION_MS + "' AND NOT attisdropped)")) {
			statement.setString(1, history.qualifiedName());
			statement.setString(2, history.qualifiedName());
			boolean exists;
			boolean hasExecutionMs;
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				exists = result.getBoolean(1);
				hasExecutionMs = result.getBoolean(2);
			}
			List<HistoryTable.Row> rows = exists ? history.read(connection, hasExecutionMs) : List.of();
			List<PendingChangeSets.Step> steps = PendingChangeSets.compute(unit, plan, plan.upTo(target), rows,
					this.liquibase.resourceAccessor());
			return new Inspection(rows, steps.stream().map(PendingChangeSets.Step::changeSet).toList(),
					PendingChangeSets.notApplied(plan, rows));
		}
		catch (SQLException ex) {
			throw new MigrationUpgradeException("Could not read the history of " + unit + ": " + ex.getMessage(), ex,
					unit.tenant(), unit.module(), null);
		}
	}

	private Setup setUp(Connection connection, MigrationUnit unit, HistoryTable history, long key, boolean session)
			throws SQLException {
		String sql = "SELECT current_setting('search_path'), set_config('search_path', ?, " + !session + "), "
				+ (session ? "pg_try_advisory_lock(?)" : "pg_try_advisory_xact_lock(?)")
				+ ", EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?), current_setting('lock_timeout')";
		boolean locked;
		String previousPath;
		String lockTimeout;
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, HistoryTable.quote(unit.schema()));
			statement.setLong(2, key);
			statement.setString(3, unit.schema());
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				previousPath = result.getString(1);
				locked = result.getBoolean(3);
				if (!result.getBoolean(4)) {
					throw new MigrationUpgradeException("Schema '" + unit.schema() + "' of " + unit
							+ " does not exist: create it (provision the tenant) before migrating it", null,
							unit.tenant(), unit.module(), null);
				}
				lockTimeout = result.getString(5);
			}
		}
		Duration lockWait = null;
		if (!locked) {
			long started = System.nanoTime();
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL lock_timeout = '" + Math.max(1, this.lockWaitTimeout.toMillis()) + "ms'");
				statement.execute("SELECT " + (session ? "pg_advisory_lock(" : "pg_advisory_xact_lock(") + key + ")");
			}
			catch (SQLException ex) {
				if ("55P03".equals(ex.getSQLState())) {
					throw new MigrationUpgradeException("Another runner has been migrating " + unit + " for longer than "
							+ this.lockWaitTimeout + "; it may still be running: retry later, or raise"
							+ " dotmac.database.migrations.lock-wait-timeout", ex, unit.tenant(), unit.module(), null);
				}
				throw ex;
			}
			lockWait = Duration.ofNanos(System.nanoTime() - started);
			try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
				statement.setString(1, lockTimeout);
				statement.execute();
			}
		}
		// A statement of its own, after the lock: a snapshot taken before the lock was granted could
		// miss the table that the runner which held it just committed, and run everything again.
		try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?::text) IS NOT NULL,"
				+ " EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(?::text)"
				+ " AND attname = '" + HistoryTable.EXECUTION_MS + "' AND NOT attisdropped)")) {
			statement.setString(1, history.qualifiedName());
			statement.setString(2, history.qualifiedName());
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return new Setup(previousPath, result.getBoolean(1), result.getBoolean(2), lockWait);
			}
		}
	}

	private void finish(Connection connection, boolean autoCommit, boolean session, long key,
			@Nullable String previousPath) {
		try {
			if (!connection.isClosed()) {
				if (session) {
					connection.setAutoCommit(true);
					try (PreparedStatement statement = connection
						.prepareStatement("SELECT pg_advisory_unlock(?), set_config('search_path', ?, false)")) {
						statement.setLong(1, key);
						statement.setString(2, (previousPath != null) ? previousPath : "\"$user\", public");
						statement.execute();
					}
				}
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			// The connection is broken; the pool discards it, PostgreSQL released its locks.
		}
	}

	private static @Nullable ChangeSetRef last(List<HistoryTable.Row> rows) {
		if (rows.isEmpty()) {
			return null;
		}
		HistoryTable.Row row = rows.get(rows.size() - 1);
		return new ChangeSetRef(row.id(), row.author(), row.filename());
	}

	private static int nextOrder(List<HistoryTable.Row> rows) {
		int max = 0;
		for (HistoryTable.Row row : rows) {
			max = Math.max(max, row.orderExecuted());
		}
		return max + 1;
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			if (!connection.isClosed() && !connection.getAutoCommit()) {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			// Broken connection: PostgreSQL rolled the transaction back when it ended.
		}
	}

	private static String message(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? message : ex.getClass().getName();
	}

	/** The state after the first round trip. */
	private record Setup(String previousPath, boolean historyExists, boolean hasExecutionMs,
			@Nullable Duration lockWait) {
	}

	/** One unit's work inside its transaction. */
	private final class Run {

		private final Connection connection;

		private final MigrationUnit unit;

		private final PartPlan plan;

		private final HistoryTable history;

		private final String deploymentId;

		private int order;

		private String prefix;

		final List<ChangeSetRef> applied = new ArrayList<>();

		final List<Duration> durations = new ArrayList<>();

		/** How many history rows were inserted (not updated): changesets now applied for the first time. */
		int inserted;

		Run(Connection connection, MigrationUnit unit, PartPlan plan, HistoryTable history, String deploymentId,
				int order, String prefix) {
			this.connection = connection;
			this.unit = unit;
			this.plan = plan;
			this.history = history;
			this.deploymentId = deploymentId;
			this.order = order;
			this.prefix = prefix;
		}

		void stamp(List<PendingChangeSets.Step> steps) throws SQLException {
			StringBuilder script = new StringBuilder(this.prefix).append("\n;\n");
			List<PlannedChangeSet> stamped = new ArrayList<>();
			for (PendingChangeSets.Step step : steps) {
				if (!step.rerun()) {
					script.append(this.history.insertSql(step.changeSet(), this.order++, "EXECUTED", this.deploymentId,
							"NULL")).append("\n;\n");
					stamped.add(step.changeSet());
				}
			}
			executeScript(script.toString(), stamped);
			stamped.forEach((changeSet) -> this.applied.add(changeSet.ref()));
			this.inserted += stamped.size();
			this.durations.clear();
		}

		void upgrade(List<PendingChangeSets.Step> steps) throws Exception {
			List<PendingChangeSets.Step> batch = new ArrayList<>();
			for (PendingChangeSets.Step step : steps) {
				if (step.changeSet().fastPath() && !step.rerun()) {
					batch.add(step);
					continue;
				}
				runScript(batch);
				batch.clear();
				runWithLiquibase(step);
			}
			runScript(batch);
		}

		private void runScript(List<PendingChangeSets.Step> steps) throws SQLException {
			if (steps.isEmpty()) {
				return;
			}
			StringBuilder script = new StringBuilder(256 * steps.size());
			if (!this.prefix.isEmpty()) {
				script.append(this.prefix).append("\n;\n");
			}
			List<PlannedChangeSet> changeSets = new ArrayList<>(steps.size());
			for (PendingChangeSets.Step step : steps) {
				PlannedChangeSet changeSet = step.changeSet();
				changeSets.add(changeSet);
				script.append(START_SQL).append(";\n");
				for (String statement : changeSet.statementsFor(this.unit.schema())) {
					// The new line ends a trailing line comment before the separator.
					script.append(statement).append("\n;\n");
				}
				script.append(this.history.insertSql(changeSet, this.order++, "EXECUTED", this.deploymentId, ELAPSED_MS))
					.append("\n;\n");
			}
			List<Long> millis;
			try {
				millis = executeScript(script.toString(), changeSets);
			}
			catch (SQLException ex) {
				PlannedChangeSet failed = diagnose(changeSets);
				throw failure(failed, ex);
			}
			this.prefix = "";
			this.inserted += changeSets.size();
			for (int i = 0; i < changeSets.size(); i++) {
				this.applied.add(changeSets.get(i).ref());
				this.durations.add(Duration.ofMillis((i < millis.size()) ? millis.get(i) : 0));
			}
		}

		private List<Long> executeScript(String script, List<PlannedChangeSet> changeSets) throws SQLException {
			List<Long> millis = new ArrayList<>(changeSets.size());
			try (Statement statement = this.connection.createStatement()) {
				boolean isResult = statement.execute(script);
				while (true) {
					if (isResult) {
						try (ResultSet result = statement.getResultSet()) {
							if (result.getMetaData().getColumnCount() == 1
									&& HistoryTable.RETURNED_MS.equals(result.getMetaData().getColumnLabel(1))) {
								while (result.next()) {
									millis.add(result.getLong(1));
								}
							}
						}
					}
					else if (statement.getUpdateCount() == -1) {
						break;
					}
					isResult = statement.getMoreResults();
				}
			}
			this.prefix = "";
			return millis;
		}

		private void runWithLiquibase(PendingChangeSets.Step step) throws Exception {
			PlannedChangeSet changeSet = step.changeSet();
			if (!this.prefix.isEmpty()) {
				executeScript(this.prefix, List.of());
			}
			boolean transactional = changeSet.changeSet().isRunInTransaction();
			if (!transactional) {
				this.connection.commit();
				this.connection.setAutoCommit(true);
			}
			long started = System.nanoTime();
			ChangeSet.ExecType execType;
			try {
				execType = UnitRunner.this.liquibase.execute(this.connection, this.unit.schema(),
						this.plan.historyTable(), this.plan.changeLog(), changeSet.changeSet());
			}
			catch (Exception ex) {
				throw failure(changeSet, ex);
			}
			finally {
				if (!transactional) {
					this.connection.setAutoCommit(false);
				}
			}
			long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
			if (execType == ChangeSet.ExecType.SKIPPED || execType == ChangeSet.ExecType.FAILED) {
				return;
			}
			String type = (execType == ChangeSet.ExecType.MARK_RAN) ? "MARK_RAN" : execType.value;
			String sql = step.rerun() ? this.history.rerunSql(changeSet, this.order++, this.deploymentId, "" + ms)
					: this.history.insertSql(changeSet, this.order++, type, this.deploymentId, "" + ms);
			executeScript(sql, List.of(changeSet));
			if (!step.rerun()) {
				this.inserted++;
			}
			this.applied.add(changeSet.ref());
			this.durations.add(Duration.ofMillis(ms));
		}

		/** Which changeset of a failed script failed: replayed one by one, rolled back. */
		private @Nullable PlannedChangeSet diagnose(List<PlannedChangeSet> changeSets) {
			try {
				this.connection.rollback();
				if (!this.connection.isValid(2)) {
					return null;
				}
				try (Statement statement = this.connection.createStatement()) {
					statement.execute("SELECT set_config('search_path', " + HistoryTable.literal(
							HistoryTable.quote(this.unit.schema())) + ", true)");
					for (PlannedChangeSet changeSet : changeSets) {
						try {
							for (String sql : changeSet.statementsFor(this.unit.schema())) {
								statement.execute(sql);
							}
						}
						catch (SQLException ex) {
							return changeSet;
						}
					}
				}
				return null;
			}
			catch (SQLException ex) {
				return null;
			}
			finally {
				rollbackQuietly(this.connection);
			}
		}

		private MigrationUpgradeException failure(@Nullable PlannedChangeSet changeSet, Exception ex) {
			String where = (changeSet != null) ? " at changeset " + changeSet.ref() + " (file "
					+ changeSet.ref().filePath() + ")" : "";
			return new MigrationUpgradeException("Migration of " + this.unit + where + " failed: " + message(ex)
					+ ". Nothing of this unit's transaction was kept; fix the changeset or the data and run the"
					+ " upgrade again.", ex, this.unit.tenant(), this.unit.module(),
					(changeSet != null) ? changeSet.ref().toString() : null);
		}

	}

	/**
	 * What {@link #apply} did.
	 *
	 * @param applied the changesets applied (or stamped), in order
	 * @param durations how long each ran (empty for a stamp)
	 * @param last the last applied changeset of the unit afterwards
	 * @param remaining how many changesets of the whole plan are still not applied (beyond the
	 * target)
	 * @param lockWait how long the unit waited for another runner, or {@code null}
	 */
	public record Outcome(List<ChangeSetRef> applied, List<Duration> durations, @Nullable ChangeSetRef last,
			int remaining, @Nullable Duration lockWait) {

		/**
		 * Copy the lists.
		 */
		public Outcome {
			applied = List.copyOf(applied);
			durations = List.copyOf(durations);
		}

	}

	/**
	 * What {@link #inspect} read.
	 *
	 * @param rows the history
	 * @param pending the changesets an upgrade would run, in order
	 * @param notApplied how many changesets of the whole plan are not applied
	 */
	public record Inspection(List<HistoryTable.Row> rows, List<PlannedChangeSet> pending, int notApplied) {

		/**
		 * Copy the lists.
		 */
		public Inspection {
			rows = List.copyOf(rows);
			pending = List.copyOf(pending);
		}

	}

}
