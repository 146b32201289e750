package io.dotmac.database.migration.liquibase;

import java.io.OutputStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.UpdateToTagCommandStep;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.MigrationUpgradeException;

/**
 * Brings a unit to the head of its changelog (or to a tag) with Liquibase's own
 * {@code update} / {@code updateToTag} commands, in one transaction under the unit's advisory
 * lock and without {@code DATABASECHANGELOGLOCK}. The history rows are Liquibase's
 * ({@code execution_ms} stays null). This is the reference path the engine's faster upgrade is
 * checked against, and what a downgraded unit is brought back with in the round-trip tests.
 */
public class LiquibaseUnitUpdater {

	private final Duration lockWaitTimeout;

	/**
	 * Create an updater that waits up to ten minutes for a unit another runner is working on.
	 */
	public LiquibaseUnitUpdater() {
		this(Duration.ofMinutes(10));
	}

	/**
	 * Create an updater.
	 * @param lockWaitTimeout how long to wait for a unit another runner is working on
	 */
	public LiquibaseUnitUpdater(Duration lockWaitTimeout) {
		this.lockWaitTimeout = Objects.requireNonNull(lockWaitTimeout, "lockWaitTimeout must not be null");
	}

	/**
	 * Apply every pending changeset.
	 * @param connection the connection (see {@link ChangelogDowngrader#downgrade} for transactions)
	 * @param unit the unit
	 * @param changelog its changelog
	 * @return the changesets applied, in order
	 * @throws MigrationUpgradeException when a changeset fails (nothing of the unit's
	 * transaction is kept)
	 */
	public List<ChangeSetRef> update(Connection connection, MigrationUnit unit, UnitChangelog changelog) {
		return update(connection, unit, changelog, null);
	}

	/**
	 * Apply the pending changesets up to a tag.
	 * @param connection the connection (see {@link ChangelogDowngrader#downgrade} for transactions)
	 * @param unit the unit
	 * @param changelog its changelog
	 * @param toTag the tag to stop at (its {@code tagDatabase} changeset included), or
	 * {@code null} for the head
	 * @return the changesets applied, in order
	 * @throws MigrationUpgradeException when a changeset fails (nothing of the unit's
	 * transaction is kept)
	 */
	public List<ChangeSetRef> update(Connection connection, MigrationUnit unit, UnitChangelog changelog,
			@Nullable String toTag) {
		Objects.requireNonNull(connection, "connection must not be null");
		Objects.requireNonNull(unit, "unit must not be null");
		Objects.requireNonNull(changelog, "changelog must not be null");
		try {
			return UnitSession.run(connection, unit, changelog, UnitSession.Mode.WRITE, this.lockWaitTimeout,
					(session) -> {
						String table = UnitSession.historyTable(unit);
						List<AppliedChangeSet> before = HistoryRows.read(session.connection(), unit.schema(), table);
						CommandScope command = (toTag != null)
								? session.command(UpdateToTagCommandStep.COMMAND_NAME)
									.addArgumentValue(UpdateToTagCommandStep.TAG_ARG, toTag)
									// Required by updateToTag's validation; the changelog itself is
									// the one given (or parsed) above.
									.addArgumentValue(UpdateToTagCommandStep.CHANGELOG_FILE_ARG, changelog.describe())
								: session.command(UpdateCommandStep.COMMAND_NAME);
						command.setOutput(OutputStream.nullOutputStream());
						command.execute();
						Set<ChangeSetRef> known = new HashSet<>();
						before.forEach((row) -> known.add(row.changeSet()));
						return HistoryRows.read(session.connection(), unit.schema(), table)
							.stream()
							.map(AppliedChangeSet::changeSet)
							.filter((ref) -> !known.contains(ref))
							.toList();
					});
		}
		catch (MigrationException ex) {
			throw ex;
		}
		catch (Exception ex) {
			UnitLocks.LockTimeoutException timeout = UnitLocks.LockTimeoutException.find(ex);
			throw new MigrationUpgradeException("Could not update " + unit + " with " + changelog.describe() + ": "
					+ ((timeout != null) ? timeout.getMessage() : ex.getMessage()) + ". The unit's transaction was rolled back; fix the changeset and run again.", ex,
					unit.tenant(), unit.module(), null);
		}
	}

}
