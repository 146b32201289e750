package io.dotmac.database.migration;

/**
 * Where a {@link MigrationUnit} stands.
 */
public enum MigrationState {

	/** Every changeset of the current changelog is applied. */
	UP_TO_DATE,

	/** Some changesets are not applied yet (or the unit was never migrated). */
	PENDING,

	/** A runner is working on the unit now. */
	RUNNING,

	/** The last run of the unit failed; see the last error. */
	FAILED,

	/** Nothing is known (no state recorded and the schema was not visited). */
	UNKNOWN

}
