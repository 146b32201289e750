package io.dotmac.database.migration.source;

import java.util.List;

import liquibase.change.Change;

import io.dotmac.database.migration.MigrationCreationException;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationTarget;

/**
 * Fills a new migration, like {@code alembic revision --autogenerate}: the changes that bring
 * a module's part from the head of its changelog to a model. {@link HibernateModelDiff} is the
 * JPA implementation.
 */
@FunctionalInterface
public interface MigrationAutogenerator {

	/**
	 * The changes the next migration of a module's part needs, without schema names.
	 * @param module the module
	 * @param target its shared or tenant part
	 * @param head where the part's changelog is read from (the source tree, when a file is
	 * being scaffolded)
	 * @return the changes in the order they must run, empty when the part is up to date
	 * @throws MigrationCreationException when the difference cannot be computed
	 */
	List<Change> generate(MigrationModule module, MigrationTarget target, MigrationSources head);

}
