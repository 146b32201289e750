package io.dotmac.database.benchmarks;

import javax.sql.DataSource;

import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;
import io.dotmac.database.tenant.TenantRegistryTable;

/**
 * Variant (c) of the migration benchmark: our engine, built as an application start builds it.
 * Kept apart so that the harness compiles and runs (a) and (b) while the engine is being
 * written; {@link #create} is the one place that knows how to construct it.
 */
final class OurMigrations {

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
	 * A new engine, as one application start would build it: one module ({@code app}) whose
	 * tenant part is {@code changelog} (found through {@code changelogs}), no shared part,
	 * schema per tenant with the default naming ({@code t_<tenant>}), the tenants of
	 * {@code public.dotmac_tenants} on {@code dataSource}, the state table in {@code public},
	 * {@code parallelism} schemas at once, no deep verification, no hooks or policies.
	 * @return the engine, or {@code null} while the engine is not on this branch (variant (c)
	 * is then reported as not measured)
	 */
	static TenantMigrations create(DataSource dataSource, ClassLoader changelogs, String changelog,
			int parallelism) {
		// TODO(lead, after merging mig-engine): construct DefaultTenantMigrations here, e.g.
		// new DefaultTenantMigrations(dataSource, new JdbcTenantRegistry(dataSource),
		//     List.of(new MigrationModule("app", 0, null, "classpath:" + changelog)), changelogs,
		//     SchemaNaming.defaults(), parallelism, ...)
		// and return it. Everything else in MigrationBenchmark already calls it through the
		// TenantMigrations interface (upgrade, stamp, status).
		return null;
	}

}
