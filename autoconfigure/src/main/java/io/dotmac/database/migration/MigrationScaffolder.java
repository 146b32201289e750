package io.dotmac.database.migration;

import java.nio.file.Path;

/**
 * Writes new migration files with the next version of a module's part.
 */
@FunctionalInterface
public interface MigrationScaffolder {

	/**
	 * Write a new migration file.
	 * @param request what to write
	 * @return the file written
	 * @throws MigrationCreationException when it cannot be written
	 * @throws MigrationNotFoundException when the module or part does not exist
	 */
	Path create(NewMigration request);

}
