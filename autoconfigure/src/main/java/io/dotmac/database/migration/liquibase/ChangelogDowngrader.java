package io.dotmac.database.migration.liquibase;

import java.sql.Connection;
import java.util.List;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationDowngradeException;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationUnit;

/**
 * Rolls one unit back given its changelog. {@link LiquibaseUnitDowngrader} is the
 * implementation; {@link EngineUnitDowngrader} hands the engine's
 * {@link io.dotmac.database.migration.TenantMigrations#downgrade} to it, unit by unit.
 */
@FunctionalInterface
public interface ChangelogDowngrader {

	/**
	 * Roll a unit back by a number of changesets or to a tag, using the changesets' rollback
	 * blocks or Liquibase's automatic rollback.
	 * <p>
	 * The connection must be outside any tenant hook. When it is in auto-commit mode the
	 * downgrader runs the unit in a transaction of its own and commits it; when a transaction
	 * is open, the work joins it and the caller commits (so it can record the outcome in the
	 * same transaction; after a failure it must roll back, as the transaction may be aborted).
	 * Either way the unit's advisory lock is held until that transaction ends, and
	 * {@code search_path} is the caller's again when the method returns.
	 * @param connection the connection
	 * @param unit the unit: module (its history table), schema and tenant
	 * @param changelog the unit's changelog, which holds the rollbacks
	 * @param target how far back
	 * @return the changesets rolled back, most recent first; empty when the target is already
	 * reached
	 * @throws MigrationDowngradeException when a changeset has no rollback (nothing is changed),
	 * fewer changesets are applied than asked, or a rollback fails (the transaction is rolled
	 * back)
	 * @throws MigrationNotFoundException when the tag is not in the unit's history
	 */
	List<ChangeSetRef> downgrade(Connection connection, MigrationUnit unit, UnitChangelog changelog,
			DowngradeTarget target);

}
