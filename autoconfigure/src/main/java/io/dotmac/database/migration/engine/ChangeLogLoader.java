package io.dotmac.database.migration.engine;

import liquibase.changelog.DatabaseChangeLog;

/**
 * Turns a module location into a parsed Liquibase changelog. The engine asks its loaders in
 * order and uses the first that {@linkplain #supports supports} the location: a Liquibase
 * changelog file ({@link LiquibaseChangeLogLoader}) or a folder of plain SQL files (locations
 * ending with {@code /}, a loader from {@code migration.source}).
 */
public interface ChangeLogLoader {

	/**
	 * Whether this loader reads a location.
	 * @param location the location as configured (a {@code classpath:} prefix allowed)
	 * @return {@code true} when it does
	 */
	boolean supports(String location);

	/**
	 * Parse a location. Called once per location and engine; the result is not modified.
	 * @param location the location
	 * @return the changelog, with every changeset in order
	 * @throws io.dotmac.database.migration.MigrationInitException when it cannot be read
	 */
	DatabaseChangeLog load(String location);

}
