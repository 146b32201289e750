package io.dotmac.database.migration;

/**
 * The operations an environment policy can allow or refuse.
 */
public enum MigrationOperation {

	/** Apply pending changesets. */
	UPGRADE,

	/** Roll changesets back. */
	DOWNGRADE,

	/** Mark changesets applied without running them. */
	STAMP,

	/** Render the SQL that would run, executing nothing. */
	DRY_RUN,

	/** Write a new migration file. */
	CREATE

}
