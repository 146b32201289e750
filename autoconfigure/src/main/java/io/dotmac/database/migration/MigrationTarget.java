package io.dotmac.database.migration;

/**
 * Which part of a {@link MigrationModule} a unit of work applies.
 */
public enum MigrationTarget {

	/** The shared part: applied once, to the shared schema, before any tenant work. */
	SHARED,

	/**
	 * The tenant part: applied to every tenant schema in schema-per-tenant mode, once to the
	 * shared tables in Row-Level Security mode.
	 */
	TENANT

}
