package io.dotmac.database.migration.engine;

import java.sql.Connection;
import java.util.List;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationUnit;

/**
 * Rolls one unit back with Liquibase's rollback (implemented in {@code migration.liquibase});
 * {@link DefaultTenantMigrations#downgrade} fans it out over the covered units and records the
 * units as pending in the state table afterwards.
 * <p>
 * The implementation takes the unit's advisory lock ({@link MigrationLocks#key}) before it
 * touches the history, so it never races an upgrade of the same unit.
 */
@FunctionalInterface
public interface UnitDowngrader {

	/**
	 * Roll a unit back.
	 * @param connection a connection outside any tenant hook, in auto-commit mode; the
	 * implementation may change its transaction mode and {@code search_path} but must restore
	 * them, and must not close it
	 * @param unit the unit (its schema and module)
	 * @param plan the unit's plan: its changelog as parsed, location, history table
	 * @param target how far back
	 * @return the changesets rolled back, most recent first
	 * @throws Exception when the rollback fails; the engine reports a
	 * {@link io.dotmac.database.migration.MigrationDowngradeException}
	 */
	List<ChangeSetRef> downgrade(Connection connection, MigrationUnit unit, PartPlan plan, DowngradeTarget target)
			throws Exception;

}
