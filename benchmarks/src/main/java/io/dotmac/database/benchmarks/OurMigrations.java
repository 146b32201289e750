package io.dotmac.database.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;

import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.engine.DefaultTenantMigrations;
import io.dotmac.database.migration.engine.EngineSettings;
import io.dotmac.database.migration.engine.LiquibaseChangeLogLoader;
import io.dotmac.database.migration.engine.LiquibaseChangeSetExecutor;
import io.dotmac.database.migration.engine.MigrationEngine;
import io.dotmac.database.migration.engine.MigrationPlanner;
import io.dotmac.database.migration.engine.MigrationStateStore;
import io.dotmac.database.migration.engine.UnitRunner;
import io.dotmac.database.schema.SchemaNaming;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;
import io.dotmac.database.tenant.TenantRegistryTable;

/**
 * Variant (c) of the migration benchmark: our engine, built as an application start builds it.
 * {@link #create} is the one place that knows how to construct it; the rest of the benchmark
 * talks to {@link TenantMigrations} only.
 */
final class OurMigrations {

	private static final Duration LOCK_WAIT = Duration.ofMinutes(10);

	private OurMigrations() {
	}

	/**
	 * Create the registry table and, with it, the migration state table (both come from the
	 * tenant-registry changelog).
	 */
	static void initialize(DataSource dataSource) {
		new TenantRegistrySchemaInitializer(dataSource, TenantRegistryTable.defaults()).initialize();
	}

	/**
	 * A new engine, as one application start builds it (see {@code MigrationAutoConfiguration}):
	 * one module ({@code app}) whose tenant part is {@code changelog} (found through
	 * {@code changelogs}), no shared part, schema per tenant with the default naming
	 * ({@code t_<tenant>}), the tenants of {@code public.dotmac_tenants} on {@code dataSource},
	 * the state table next to them, {@code parallelism} schemas at once, no deep verification,
	 * no hooks, policies or listeners.
	 * @return the engine
	 */
	static TenantMigrations create(DataSource dataSource, ClassLoader changelogs, String changelog,
			int parallelism) {
		ResourceAccessor resources = new ClassLoaderResourceAccessor(changelogs);
		MigrationPlanner planner = new MigrationPlanner(List.of(new LiquibaseChangeLogLoader(resources, Map.of())),
				resources, null, null);
		UnitRunner runner = new UnitRunner(new LiquibaseChangeSetExecutor(resources), List.of(), LOCK_WAIT);
		MigrationEngine engine = new MigrationEngine(dataSource, planner,
				new MigrationStateStore(dataSource, TenantRegistryTable.defaults()), runner,
				new EngineSettings(SchemaNaming.defaults(), "public", parallelism, LOCK_WAIT),
				List.of(new MigrationModule(MigrationModule.DEFAULT_NAME, 0, null, changelog)), List.of());
		return new DefaultTenantMigrations(engine, List.of(), List.of(), null, null);
	}

}
