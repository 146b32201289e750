package io.dotmac.database.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs after migrations (seed 000's post-migration hooks): per unit, inside the unit's
 * transaction with {@code search_path} on the unit's schema (so its work commits or rolls back
 * with the changesets), and once after a whole run.
 */
public interface MigrationHook {

	/**
	 * Called in the unit's transaction after its changesets ran, only when some did.
	 * @param unit the unit
	 * @param applied the changesets just applied, in order
	 * @param connection the unit's connection; do not commit, roll back or close it
	 * @throws SQLException to fail the unit (its transaction rolls back)
	 */
	default void afterUnit(MigrationUnit unit, List<ChangeSetRef> applied, Connection connection) throws SQLException {
	}

	/**
	 * Called once after an operation, failures included.
	 * @param operation the operation
	 * @param report what it did
	 */
	default void afterRun(MigrationOperation operation, MigrationReport report) {
	}

}
