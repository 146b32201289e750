package io.dotmac.database.migration.engine;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.schema.SchemaNaming;

/**
 * How the engine maps units to schemas and how hard it works.
 *
 * @param naming the tenant schema naming in schema-per-tenant mode, or {@code null} in
 * Row-Level Security mode (tenant parts then run once, in the shared schema)
 * @param sharedSchema the unquoted schema of shared work
 * @param parallelism how many tenant schemas are migrated at once by default (the connection
 * pool needs at least one more connection than this)
 * @param lockWaitTimeout how long a runner waits for a unit that another runner holds
 */
public record EngineSettings(@Nullable SchemaNaming naming, String sharedSchema, int parallelism,
		Duration lockWaitTimeout) {

	/**
	 * Validate the settings.
	 */
	public EngineSettings {
		Objects.requireNonNull(sharedSchema, "sharedSchema must not be null");
		Objects.requireNonNull(lockWaitTimeout, "lockWaitTimeout must not be null");
		if (parallelism < 1) {
			throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
		}
	}

	/**
	 * Whether each tenant has a schema of its own.
	 * @return {@code true} in schema-per-tenant mode
	 */
	public boolean schemaPerTenant() {
		return this.naming != null;
	}

}
