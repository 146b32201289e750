package io.dotmac.database.migration;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A request for a new migration file, like {@code alembic revision [--autogenerate] -m ...}.
 *
 * @param module the module the file belongs to
 * @param target its shared or tenant part
 * @param description what the migration does, used in the file name
 * @param autogenerate whether to fill the file from the difference between the JPA model and
 * the database, instead of leaving it empty
 * @param sourceRoot where the module's locations are found as files (for example
 * {@code src/main/resources}), or {@code null} for that default
 */
public record NewMigration(String module, MigrationTarget target, String description, boolean autogenerate,
		@Nullable Path sourceRoot) {

	/**
	 * Validate the request.
	 */
	public NewMigration {
		Objects.requireNonNull(module, "module must not be null");
		Objects.requireNonNull(target, "target must not be null");
		Objects.requireNonNull(description, "description must not be null");
		if (description.isBlank()) {
			throw new IllegalArgumentException("description must not be blank");
		}
	}

}
