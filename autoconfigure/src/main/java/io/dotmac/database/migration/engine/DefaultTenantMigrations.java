package io.dotmac.database.migration.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationCreationException;
import io.dotmac.database.migration.MigrationDowngradeException;
import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationHook;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationPolicy;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationScaffolder;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationStatus;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.MigrationUpgradeException;
import io.dotmac.database.migration.NewMigration;
import io.dotmac.database.migration.PlannedSql;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.UnitResult;
import io.dotmac.database.tenant.TenantId;

/**
 * The {@link TenantMigrations} of this library, on a {@link MigrationEngine}.
 * <ul>
 * <li>{@link #upgrade} and {@link #stamp} visit the units the state table says are stale (all
 * covered units with deep verification or a target) and record the outcome;</li>
 * <li>{@link #pending} and {@link #sql} read the history of the stale units only and change
 * nothing; {@link #status} reads the state table (each schema's history with deep
 * verification); {@link #history} reads one unit's history table;</li>
 * <li>{@link #downgrade} and {@link #create} delegate to a {@link UnitDowngrader} and a
 * {@link MigrationScaffolder}, when there are any.</li>
 * </ul>
 * Every operation of {@link MigrationOperation} first asks every {@link MigrationPolicy}.
 */
public class DefaultTenantMigrations implements TenantMigrations {

	private final MigrationEngine engine;

	private final List<MigrationPolicy> policies;

	private final List<MigrationHook> hooks;

	private final @Nullable UnitDowngrader downgrader;

	private final @Nullable MigrationScaffolder scaffolder;

	/**
	 * Create the API.
	 * @param engine the engine
	 * @param policies asked before every operation
	 * @param hooks told after every operation ({@link MigrationHook#afterRun}); their
	 * {@code afterUnit} runs in the engine's {@link UnitRunner}
	 * @param downgrader rolls units back, or {@code null} when downgrades are not available
	 * @param scaffolder writes new migration files, or {@code null} when not available
	 */
	public DefaultTenantMigrations(MigrationEngine engine, List<MigrationPolicy> policies, List<MigrationHook> hooks,
			@Nullable UnitDowngrader downgrader, @Nullable MigrationScaffolder scaffolder) {
		this.engine = Objects.requireNonNull(engine, "engine must not be null");
		this.policies = List.copyOf(policies);
		this.hooks = List.copyOf(hooks);
		this.downgrader = downgrader;
		this.scaffolder = scaffolder;
	}

	/**
	 * The engine.
	 * @return the engine
	 */
	public MigrationEngine engine() {
		return this.engine;
	}

	@Override
	public List<MigrationModule> modules() {
		return this.engine.modules();
	}

	@Override
	public MigrationReport upgrade(MigrationRequest request) {
		return applyOrStamp(MigrationOperation.UPGRADE, request, false);
	}

	@Override
	public MigrationReport stamp(MigrationRequest request) {
		return applyOrStamp(MigrationOperation.STAMP, request, true);
	}

	private MigrationReport applyOrStamp(MigrationOperation operation, MigrationRequest request, boolean stamp) {
		check(operation, request);
		checkTarget(request);
		String deploymentId = deploymentId();
		MigrationEngine.Work work = onlyWithTarget(this.engine.units(request, true), request.target());
		MigrationReport report = this.engine.run(operation, work, request.parallelism(),
				new MigrationEngine.UnitAction() {

					@Override
					public UnitRunner.Outcome run(Connection connection, UnitPlan unit) {
						String target = (request.target() != null && unit.plan().contains(request.target()))
								? request.target() : null;
						return DefaultTenantMigrations.this.engine.runner()
							.apply(connection, unit.unit(), unit.plan(), target, stamp, deploymentId);
					}

					@Override
					public MigrationStateStore.Update stateUpdate(UnitPlan unit, UnitRunner.Outcome outcome,
							Duration duration) {
						String target = (request.target() != null && unit.plan().contains(request.target()))
								? request.target() : null;
						return MigrationEngine.applied(unit, outcome, duration, target);
					}

				});
		afterRun(operation, report);
		return report;
	}

	/** With a target, only the parts that have it: the others are left where they are. */
	private static MigrationEngine.Work onlyWithTarget(MigrationEngine.Work work, @Nullable String target) {
		if (target == null) {
			return work;
		}
		List<List<UnitPlan>> groups = new ArrayList<>();
		for (List<UnitPlan> group : work.tenantGroups()) {
			List<UnitPlan> kept = group.stream().filter((unit) -> unit.plan().contains(target)).toList();
			if (!kept.isEmpty()) {
				groups.add(kept);
			}
		}
		return new MigrationEngine.Work(
				work.shared().stream().filter((unit) -> unit.plan().contains(target)).toList(), groups);
	}

	/**
	 * Bring one schema's tenant parts to the head on a given connection, the way tenant
	 * provisioning does, and record the outcome (when the schema is a tenant's).
	 * @param connection a connection outside any tenant hook, as the role that owns the schema
	 * @param schema the unquoted schema, which must exist
	 * @param tenant the tenant whose schema it is, or {@code null} (a template schema): nothing
	 * is recorded then
	 * @return what was applied, per module
	 * @throws MigrationException when a module part fails
	 */
	public List<UnitResult> upgradeSchema(Connection connection, String schema, @Nullable TenantId tenant) {
		check(MigrationOperation.UPGRADE, (tenant != null) ? MigrationRequest.forTenants(tenant)
				: MigrationRequest.sharedOnly());
		String deploymentId = deploymentId();
		List<UnitResult> results = new ArrayList<>();
		List<MigrationStateStore.Update> updates = new ArrayList<>();
		try {
			for (MigrationModule module : this.engine.modules()) {
				if (module.tenantLocation() == null) {
					continue;
				}
				PartPlan plan = this.engine.planner().plan(module, MigrationTarget.TENANT);
				MigrationUnit unit = new MigrationUnit(module.name(), MigrationTarget.TENANT, schema, tenant);
				long started = System.nanoTime();
				UnitRunner.Outcome outcome = this.engine.runner().apply(connection, unit, plan, null, false, deploymentId);
				Duration duration = Duration.ofNanos(System.nanoTime() - started);
				results.add(new UnitResult(unit, outcome.applied().isEmpty() ? UnitResult.Outcome.UP_TO_DATE
						: UnitResult.Outcome.CHANGED, outcome.applied(), duration, null));
				updates.add(MigrationEngine.applied(new UnitPlan(unit, plan), outcome, duration, null));
			}
		}
		finally {
			if (tenant != null) {
				this.engine.state().write(updates);
			}
		}
		return results;
	}

	@Override
	public Map<MigrationUnit, List<ChangeSetRef>> pending(MigrationRequest request) {
		checkTarget(request);
		Map<MigrationUnit, List<ChangeSetRef>> pending = new LinkedHashMap<>();
		List<UnitPlan> units = onlyWithTarget(this.engine.units(request, true), request.target()).all();
		List<Object> inspections = inspectAll(units, request.target(), request.parallelism());
		for (int i = 0; i < units.size(); i++) {
			UnitRunner.Inspection inspection = inspection(inspections.get(i));
			if (!inspection.pending().isEmpty()) {
				pending.put(units.get(i).unit(), inspection.pending().stream().map(PlannedChangeSet::ref).toList());
			}
		}
		return pending;
	}

	@Override
	public List<PlannedSql> sql(MigrationRequest request) {
		check(MigrationOperation.DRY_RUN, request);
		checkTarget(request);
		List<PlannedSql> planned = new ArrayList<>();
		List<UnitPlan> units = onlyWithTarget(this.engine.units(request, true), request.target()).all();
		List<Object> inspections = inspectAll(units, null, request.parallelism());
		for (int i = 0; i < units.size(); i++) {
			UnitPlan unit = units.get(i);
			String target = (request.target() != null && unit.plan().contains(request.target())) ? request.target()
					: null;
			List<PlannedChangeSet> pendingChangeSets = inspection(inspections.get(i)).pending();
			if (target != null) {
				List<String> upTo = unit.plan().upTo(target).stream().map((changeSet) -> changeSet.ref().toString())
					.toList();
				pendingChangeSets = pendingChangeSets.stream()
					.filter((changeSet) -> upTo.contains(changeSet.ref().toString()))
					.toList();
			}
			for (PlannedChangeSet changeSet : pendingChangeSets) {
				StringBuilder sql = new StringBuilder();
				if (!changeSet.fastPath()) {
					sql.append("-- run by Liquibase at upgrade time (").append(changeSet.fastPathRefusal())
						.append("); its SQL may differ\n");
				}
				for (String statement : changeSet.statementsFor(unit.unit().schema())) {
					sql.append(statement.strip()).append(";\n");
				}
				planned.add(new PlannedSql(unit.unit(), changeSet.ref(), sql.toString()));
			}
		}
		return planned;
	}

	@Override
	public List<MigrationStatus> status(MigrationRequest request) {
		List<UnitPlan> units = this.engine.units(request, false).all();
		List<MigrationStatus> statuses = new ArrayList<>(units.size());
		Map<String, MigrationStateStore.Row> rows = this.engine.state()
			.read(units.stream().map(UnitPlan::unit).toList());
		List<Object> inspections = request.deepVerify() ? inspectAll(units, null, request.parallelism()) : null;
		for (int i = 0; i < units.size(); i++) {
			UnitPlan unit = units.get(i);
			MigrationStateStore.Row row = rows.get(MigrationStateStore.key(unit.unit()));
			statuses.add((inspections != null) ? deepStatus(unit, row, inspections.get(i)) : status(unit, row));
		}
		return statuses;
	}

	private static MigrationStatus status(UnitPlan unit, MigrationStateStore.@Nullable Row row) {
		if (row == null) {
			return new MigrationStatus(unit.unit(), MigrationState.UNKNOWN, null, -1, null, null, null, null);
		}
		boolean current = unit.plan().fingerprint().equals(row.fingerprint());
		MigrationState state;
		if ("FAILED".equals(row.status())) {
			state = MigrationState.FAILED;
		}
		else if ("RUNNING".equals(row.status())) {
			state = MigrationState.RUNNING;
		}
		else if (current && "UP_TO_DATE".equals(row.status())) {
			state = MigrationState.UP_TO_DATE;
		}
		else {
			state = MigrationState.PENDING;
		}
		return new MigrationStatus(unit.unit(), state, parse(row.lastChangeSet()),
				current ? row.pending() : -1, row.fingerprint(), row.updatedAt().toInstant(), row.duration(),
				row.lastError());
	}

	private static MigrationStatus deepStatus(UnitPlan unit, MigrationStateStore.@Nullable Row row, Object inspected) {
		try {
			UnitRunner.Inspection inspection = inspection(inspected);
			HistoryTable.Row last = inspection.rows().isEmpty() ? null
					: inspection.rows().get(inspection.rows().size() - 1);
			ChangeSetRef current = (last != null) ? new ChangeSetRef(last.id(), last.author(), last.filename()) : null;
			MigrationState state = inspection.pending().isEmpty() ? MigrationState.UP_TO_DATE : MigrationState.PENDING;
			Instant lastRun = (last != null) ? last.dateExecuted().toInstant() : null;
			return new MigrationStatus(unit.unit(), state, current, inspection.pending().size(),
					(row != null) ? row.fingerprint() : null, lastRun, (row != null) ? row.duration() : null,
					(row != null) ? row.lastError() : null);
		}
		catch (MigrationException ex) {
			return new MigrationStatus(unit.unit(), MigrationState.FAILED, null, -1,
					(row != null) ? row.fingerprint() : null, null, null, ex.getMessage());
		}
	}

	private static @Nullable ChangeSetRef parse(@Nullable String ref) {
		if (ref == null) {
			return null;
		}
		String[] parts = ref.split("::");
		return (parts.length == 3) ? new ChangeSetRef(parts[1], parts[2], parts[0]) : null;
	}

	@Override
	public List<AppliedChangeSet> history(@Nullable TenantId tenant, String module) {
		MigrationModule found = this.engine.module(module);
		String schema = this.engine.schemaOf(tenant);
		HistoryTable table = HistoryTable.of(schema, found.historyTable());
		try (Connection connection = this.engine.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?), to_regclass(?::text)"
								+ " IS NOT NULL, EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid ="
								+ " to_regclass(?::text) AND attname = '" + HistoryTable.EXECUTION_MS
								+ "' AND NOT attisdropped)")) {
			statement.setString(1, schema);
			statement.setString(2, table.qualifiedName());
			statement.setString(3, table.qualifiedName());
			boolean exists;
			boolean hasExecutionMs;
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				if (!result.getBoolean(1)) {
					throw new MigrationNotFoundException("Schema '" + schema + "'"
							+ ((tenant != null) ? " of tenant " + tenant : "") + " does not exist", null, tenant,
							module, null);
				}
				exists = result.getBoolean(2);
				hasExecutionMs = result.getBoolean(3);
			}
			if (!exists) {
				return List.of();
			}
			return table.read(connection, hasExecutionMs).stream().map(HistoryTable.Row::toApplied).toList();
		}
		catch (SQLException ex) {
			throw new MigrationUpgradeException("Could not read the history of module " + module + " in schema '"
					+ schema + "': " + ex.getMessage(), ex, tenant, module, null);
		}
	}

	@Override
	public MigrationReport downgrade(MigrationRequest request, DowngradeTarget target) {
		check(MigrationOperation.DOWNGRADE, request);
		UnitDowngrader downgrader = this.downgrader;
		if (downgrader == null) {
			throw new MigrationDowngradeException("Downgrades need the Liquibase rollback support of"
					+ " io.dotmac.database.migration.liquibase (a UnitDowngrader bean), which is not configured", null,
					null, null, null);
		}
		MigrationEngine.Work work = this.engine.units(request, false);
		// Downgrade the most recent work first: tenants before the shared parts, modules backwards.
		List<List<UnitPlan>> tenantGroups = new ArrayList<>();
		for (List<UnitPlan> group : work.tenantGroups()) {
			List<UnitPlan> reversed = new ArrayList<>(group);
			Collections.reverse(reversed);
			tenantGroups.add(reversed);
		}
		List<UnitPlan> shared = new ArrayList<>(work.shared());
		Collections.reverse(shared);
		MigrationEngine.UnitAction action = new MigrationEngine.UnitAction() {

			@Override
			public UnitRunner.Outcome run(Connection connection, UnitPlan unit) throws Exception {
				List<ChangeSetRef> rolledBack = downgrader.downgrade(connection, unit.unit(), unit.plan(), target);
				return new UnitRunner.Outcome(rolledBack, List.of(), null, -1, null);
			}

			@Override
			public MigrationStateStore.Update stateUpdate(UnitPlan unit, UnitRunner.Outcome outcome,
					Duration duration) {
				return new MigrationStateStore.Update(unit.unit(), null, "PENDING", null, -1, null, duration);
			}

			@Override
			public MigrationException wrap(MigrationUnit unit, Exception ex) {
				return new MigrationDowngradeException("Downgrade of " + unit + " failed: " + ex.getMessage(), ex,
						unit.tenant(), unit.module(), null);
			}

		};
		MigrationEngine.Work reversed = new MigrationEngine.Work(List.of(), tenantGroups);
		MigrationReport tenants = this.engine.run(MigrationOperation.DOWNGRADE, reversed, request.parallelism(),
				action);
		MigrationReport sharedReport = this.engine.run(MigrationOperation.DOWNGRADE,
				new MigrationEngine.Work(List.of(), shared.stream().map(List::of).toList()), 1, action);
		List<UnitResult> all = new ArrayList<>(tenants.units());
		all.addAll(sharedReport.units());
		MigrationReport report = new MigrationReport(all, tenants.elapsed().plus(sharedReport.elapsed()));
		afterRun(MigrationOperation.DOWNGRADE, report);
		return report;
	}

	@Override
	public Path create(NewMigration request) {
		check(MigrationOperation.CREATE, MigrationRequest.sharedOnly().withModules(request.module()));
		if (this.scaffolder == null) {
			throw new MigrationCreationException("Creating migration files needs a MigrationScaffolder"
					+ " (io.dotmac.database.migration.source), which is not configured", null, null, request.module(),
					null);
		}
		this.engine.module(request.module());
		return this.scaffolder.create(request);
	}

	/**
	 * Inspect units, several at once: per unit its {@link UnitRunner.Inspection} or the
	 * {@link MigrationException} it failed with, in the order of the units.
	 */
	private List<Object> inspectAll(List<UnitPlan> units, @Nullable String target, int parallelism) {
		int threads = Math.min(units.size(), (parallelism > 0) ? parallelism : this.engine.settings().parallelism());
		if (threads <= 1) {
			return units.stream().map((unit) -> inspectOrError(unit, target)).toList();
		}
		java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(threads,
				(runnable) -> {
					Thread thread = new Thread(runnable, "dotmac-migration-inspect");
					thread.setDaemon(true);
					return thread;
				});
		try {
			List<java.util.concurrent.Future<Object>> futures = new ArrayList<>(units.size());
			for (UnitPlan unit : units) {
				futures.add(executor.submit(() -> inspectOrError(unit, target)));
			}
			List<Object> results = new ArrayList<>(units.size());
			for (java.util.concurrent.Future<Object> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MigrationUpgradeException("Interrupted while reading histories", ex, null, null, null);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new MigrationUpgradeException("Could not read a history: " + ex.getCause(), ex.getCause(), null,
					null, null);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private Object inspectOrError(UnitPlan unit, @Nullable String target) {
		try {
			return inspect(unit, target);
		}
		catch (MigrationException ex) {
			return ex;
		}
	}

	private static UnitRunner.Inspection inspection(Object inspected) {
		if (inspected instanceof MigrationException ex) {
			throw ex;
		}
		return (UnitRunner.Inspection) inspected;
	}

	private UnitRunner.Inspection inspect(UnitPlan unit, @Nullable String target) {
		try (Connection connection = this.engine.dataSource().getConnection()) {
			return this.engine.runner().inspect(connection, unit.unit(), unit.plan(), target);
		}
		catch (SQLException ex) {
			throw new MigrationUpgradeException("Could not connect to read " + unit.unit() + ": " + ex.getMessage(), ex,
					unit.unit().tenant(), unit.unit().module(), null);
		}
	}

	private void check(MigrationOperation operation, MigrationRequest request) {
		for (MigrationPolicy policy : this.policies) {
			policy.check(operation, request);
		}
	}

	private void checkTarget(MigrationRequest request) {
		String target = request.target();
		if (target == null) {
			return;
		}
		boolean known = false;
		for (MigrationModule module : this.engine.modules()) {
			if (!request.includesModule(module.name())) {
				continue;
			}
			for (MigrationTarget part : MigrationTarget.values()) {
				if (module.location(part) != null && this.engine.planner().plan(module, part).contains(target)) {
					known = true;
				}
			}
		}
		if (!known) {
			throw new MigrationNotFoundException("No changeset has the tag or id '" + target
					+ "' in the covered modules: check the target", null, null, null, null);
		}
	}

	private void afterRun(MigrationOperation operation, MigrationReport report) {
		for (MigrationHook hook : this.hooks) {
			hook.afterRun(operation, report);
		}
	}

	/** A Liquibase-style deployment id: ten digits of the current time. */
	private static String deploymentId() {
		return String.valueOf(System.currentTimeMillis()).substring(3);
	}

}
