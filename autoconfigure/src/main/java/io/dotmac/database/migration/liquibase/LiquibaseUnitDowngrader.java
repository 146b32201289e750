package io.dotmac.database.migration.liquibase;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.FastCheckService;
import liquibase.changelog.RanChangeSet;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationDowngradeException;
import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationUnit;

/**
 * Rolls a unit back with Liquibase's {@code rollbackCount} command, in one transaction under
 * the unit's advisory lock. A downgrade to a tag keeps the changeset that carries the tag
 * applied and rolls back everything after it (Liquibase's own {@code rollback --tag} would roll
 * back a {@code tagDatabase} changeset too).
 * <p>
 * Before Liquibase runs, the changesets to roll back are taken from the unit's history and
 * looked up in the changelog; when one is missing from the changelog or has no rollback (no
 * rollback block, and a change Liquibase cannot invert, such as {@code sql}), the downgrade is
 * refused and nothing is changed. A rollback that fails half way is undone with the
 * transaction: PostgreSQL's DDL is transactional, so the unit is either rolled back as asked or
 * left as it was.
 */
public class LiquibaseUnitDowngrader implements ChangelogDowngrader {

	private final Duration lockWaitTimeout;

	/**
	 * Create a downgrader that waits up to ten minutes for a unit another runner is working on.
	 */
	public LiquibaseUnitDowngrader() {
		this(Duration.ofMinutes(10));
	}

	/**
	 * Create a downgrader.
	 * @param lockWaitTimeout how long to wait for a unit another runner is working on
	 */
	public LiquibaseUnitDowngrader(Duration lockWaitTimeout) {
		this.lockWaitTimeout = Objects.requireNonNull(lockWaitTimeout, "lockWaitTimeout must not be null");
	}

	@Override
	public List<ChangeSetRef> downgrade(Connection connection, MigrationUnit unit, UnitChangelog changelog,
			DowngradeTarget target) {
		Objects.requireNonNull(connection, "connection must not be null");
		Objects.requireNonNull(unit, "unit must not be null");
		Objects.requireNonNull(changelog, "changelog must not be null");
		Objects.requireNonNull(target, "target must not be null");
		try {
			return UnitSession.run(connection, unit, changelog, UnitSession.Mode.WRITE, this.lockWaitTimeout,
					(session) -> rollBack(session, target));
		}
		catch (MigrationException ex) {
			throw ex;
		}
		catch (Exception ex) {
			UnitLocks.LockTimeoutException timeout = UnitLocks.LockTimeoutException.find(ex);
			if (timeout != null) {
				throw new MigrationDowngradeException("Could not downgrade " + unit + ": " + timeout.getMessage()
						+ ". Nothing was changed.", ex, unit.tenant(), unit.module(), null);
			}
			throw new MigrationDowngradeException("Could not downgrade " + unit + " (history table "
					+ UnitSession.historyTable(unit) + ", changelog " + changelog.describe() + "): " + rootMessage(ex)
					+ ". The unit's transaction was rolled back, so nothing was changed; fix the rollback and run the"
					+ " downgrade again.", ex, unit.tenant(), unit.module(), null);
		}
		finally {
			forgetUpToDateChecks();
		}
	}

	private List<ChangeSetRef> rollBack(UnitSession session, DowngradeTarget target) throws Exception {
		MigrationUnit unit = session.unit();
		String table = UnitSession.historyTable(unit);
		List<AppliedChangeSet> before = HistoryRows.read(session.connection(), unit.schema(), table);
		List<ChangeSetRef> plan = plan(unit, before, target);
		if (plan.isEmpty()) {
			return plan;
		}
		DatabaseChangeLog changeLog = session.changeLog();
		for (ChangeSetRef ref : plan) {
			ChangeSet changeSet = find(changeLog, ref);
			if (changeSet == null) {
				throw new MigrationDowngradeException("Cannot downgrade " + unit + ": changeset " + ref
						+ " is applied but is not in the changelog " + session.changelog().describe()
						+ ", so its rollback is unknown. Restore the changeset in the changelog and run the downgrade"
						+ " again. Nothing was changed.", null, unit.tenant(), unit.module(), ref.toString());
			}
			if (!changeSet.supportsRollback(session.database())) {
				throw new MigrationDowngradeException("Cannot downgrade " + unit + ": changeset " + ref
						+ " has no rollback (Liquibase cannot invert its changes and it has no rollback block). Add a"
						+ " <rollback> block to it (an empty one when nothing needs undoing) and run the downgrade again."
						+ " Nothing was changed.", null, unit.tenant(), unit.module(), ref.toString());
			}
		}
		// Both targets run as rollbackCount over the planned changesets: Liquibase's own
		// rollback-to-tag also rolls back the tagDatabase changeset that carries the tag, while a
		// downgrade to a tag keeps the tagged changeset applied (like Alembic's downgrade <rev>).
		CommandScope command = session.command(RollbackCountCommandStep.COMMAND_NAME)
			.addArgumentValue(RollbackCountCommandStep.COUNT_ARG, plan.size());
		command.setOutput(OutputStream.nullOutputStream());
		command.execute();
		verify(unit, before, HistoryRows.read(session.connection(), unit.schema(), table), plan);
		return plan;
	}

	/**
	 * The changesets a target rolls back, most recent first.
	 */
	private static List<ChangeSetRef> plan(MigrationUnit unit, List<AppliedChangeSet> history, DowngradeTarget target) {
		int from;
		if (target.tag() != null) {
			int tagged = -1;
			for (int i = 0; i < history.size(); i++) {
				if (target.tag().equals(history.get(i).tag())) {
					tagged = i;
				}
			}
			if (tagged < 0) {
				throw new MigrationNotFoundException("Cannot downgrade " + unit + " to tag '" + target.tag()
						+ "': no applied changeset carries that tag in history table " + UnitSession.historyTable(unit)
						+ ". Check the tag with 'db history'. Nothing was changed.", null, unit.tenant(), unit.module(),
						null);
			}
			from = tagged + 1;
		}
		else {
			if (target.count() > history.size()) {
				throw new MigrationDowngradeException("Cannot downgrade " + unit + " by " + target.count()
						+ " changesets: only " + history.size() + " are applied. Ask for at most " + history.size()
						+ ". Nothing was changed.", null, unit.tenant(), unit.module(), null);
			}
			from = history.size() - target.count();
		}
		List<ChangeSetRef> plan = new ArrayList<>();
		for (int i = history.size() - 1; i >= from; i--) {
			plan.add(history.get(i).changeSet());
		}
		return plan;
	}

	private static @Nullable ChangeSet find(DatabaseChangeLog changeLog, ChangeSetRef ref) {
		RanChangeSet ran = new RanChangeSet();
		ran.setId(ref.id());
		ran.setAuthor(ref.author());
		ran.setChangeLog(ref.filePath());
		return changeLog.getChangeSet(ran);
	}

	private static void verify(MigrationUnit unit, List<AppliedChangeSet> before, List<AppliedChangeSet> after,
			List<ChangeSetRef> plan) throws SQLException {
		Set<ChangeSetRef> removed = new HashSet<>(refs(before));
		removed.removeAll(refs(after));
		if (!removed.equals(new HashSet<>(plan)) || after.size() != before.size() - plan.size()) {
			throw new SQLException("Liquibase rolled back " + removed + " in " + unit + " instead of " + plan);
		}
	}

	private static List<ChangeSetRef> refs(List<AppliedChangeSet> rows) {
		return rows.stream().map(AppliedChangeSet::changeSet).toList();
	}

	/**
	 * Liquibase remembers, for the life of the JVM, that a schema was up to date with a
	 * changelog ({@code FastCheckService}); after a downgrade that is no longer true, and a
	 * later Liquibase update in this JVM would skip its work. Clearing the cache only costs the
	 * next update one query. Called after every downgrade here; anything else that removes
	 * history rows (a repair, a downgrade by other means) should call it too, after its commit.
	 */
	public static void forgetUpToDateChecks() {
		Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		String message = ex.getMessage();
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

}
