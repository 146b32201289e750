package io.dotmac.database.migration.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.MigrationHook;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationPolicy;
import io.dotmac.database.schema.SchemaNaming;
import io.dotmac.database.tenant.JdbcTenantRegistry;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;
import io.dotmac.database.tenant.TenantRegistryTable;

/**
 * A tenant registry of its own (its own schema, so tests of one class do not see each other's
 * tenants) and engines built on it, on a real PostgreSQL database.
 */
final class EngineFixture {

	static final String BASE = "io/dotmac/database/migration/engine/";

	final TestDatabase database;

	final TenantRegistryTable registryTable;

	final JdbcTenantRegistry registry;

	final JdbcTemplate owner;

	final List<MigrationListener> listeners = new CopyOnWriteArrayList<>();

	final List<MigrationHook> hooks = new CopyOnWriteArrayList<>();

	final List<MigrationPolicy> policies = new CopyOnWriteArrayList<>();

	final ResourceAccessor resourceAccessor = new ClassLoaderResourceAccessor(EngineFixture.class.getClassLoader());

	EngineFixture(TestDatabase database, String registrySchema) {
		this.database = database;
		this.registryTable = TenantRegistryTable.of(registrySchema, "dotmac_tenants");
		new TenantRegistrySchemaInitializer(database.ownerDataSource(), this.registryTable).initialize();
		this.registry = new JdbcTenantRegistry(database.ownerDataSource(), this.registryTable);
		this.owner = new JdbcTemplate(database.ownerDataSource());
		this.owner.execute("CREATE TABLE IF NOT EXISTS public.applications (schema_name text, change text)");
	}

	DefaultTenantMigrations migrations(@Nullable String sharedChangelog, @Nullable String tenantChangelog) {
		return migrations(List.of(new MigrationModule(MigrationModule.DEFAULT_NAME, 0,
				(sharedChangelog != null) ? BASE + sharedChangelog : null,
				(tenantChangelog != null) ? BASE + tenantChangelog : null)), "prod", true);
	}

	DefaultTenantMigrations migrations(List<MigrationModule> modules, @Nullable String contexts,
			boolean schemaPerTenant) {
		TenantMigrationsBuilder builder = TenantMigrationsBuilder.on(this.database.ownerDataSource())
			.registry(null, this.registryTable)
			.resourceAccessor(this.resourceAccessor)
			.filter(contexts, null)
			.parallelism(4)
			.lockWaitTimeout(Duration.ofSeconds(60));
		modules.forEach(builder::module);
		if (schemaPerTenant) {
			builder.schemaPerTenant(SchemaNaming.defaults());
		}
		// Live lists: a test may add listeners, hooks and policies after building.
		builder.listener(new MigrationListener() {
			@Override
			public void runStarted(io.dotmac.database.migration.MigrationOperation operation, int units) {
				EngineFixture.this.listeners.forEach((listener) -> listener.runStarted(operation, units));
			}

			@Override
			public void lockWaited(io.dotmac.database.migration.MigrationUnit unit, Duration waited) {
				EngineFixture.this.listeners.forEach((listener) -> listener.lockWaited(unit, waited));
			}

			@Override
			public void changeSetApplied(io.dotmac.database.migration.MigrationUnit unit,
					io.dotmac.database.migration.ChangeSetRef changeSet, Duration duration) {
				EngineFixture.this.listeners.forEach((listener) -> listener.changeSetApplied(unit, changeSet, duration));
			}

			@Override
			public void unitFinished(io.dotmac.database.migration.MigrationOperation operation,
					io.dotmac.database.migration.UnitResult result) {
				EngineFixture.this.listeners.forEach((listener) -> listener.unitFinished(operation, result));
			}

			@Override
			public void runFinished(io.dotmac.database.migration.MigrationOperation operation,
					io.dotmac.database.migration.MigrationReport report) {
				EngineFixture.this.listeners.forEach((listener) -> listener.runFinished(operation, report));
			}
		});
		builder.hook(new MigrationHook() {
			@Override
			public void afterUnit(io.dotmac.database.migration.MigrationUnit unit,
					List<io.dotmac.database.migration.ChangeSetRef> applied, java.sql.Connection connection)
					throws java.sql.SQLException {
				for (MigrationHook hook : EngineFixture.this.hooks) {
					hook.afterUnit(unit, applied, connection);
				}
			}

			@Override
			public void afterRun(io.dotmac.database.migration.MigrationOperation operation,
					io.dotmac.database.migration.MigrationReport report) {
				EngineFixture.this.hooks.forEach((hook) -> hook.afterRun(operation, report));
			}
		});
		builder.policy((operation, request) -> this.policies.forEach((policy) -> policy.check(operation, request)));
		return builder.build();
	}

	/** Register active tenants and create their schemas. */
	List<TenantId> tenants(String... ids) {
		List<TenantId> tenants = new ArrayList<>();
		for (String id : ids) {
			TenantId tenant = TenantId.of(id);
			this.registry.register(tenant, "Tenant " + id);
			this.owner.execute("CREATE SCHEMA \"t_" + id + "\"");
			tenants.add(tenant);
		}
		return tenants;
	}

	List<String> history(String schema, String table) {
		return this.owner.queryForList("SELECT id FROM \"" + schema + "\"." + table + " ORDER BY orderexecuted",
				String.class);
	}

	int applications(String schema, String change) {
		Integer count = this.owner.queryForObject(
				"SELECT count(*) FROM public.applications WHERE schema_name = ? AND change = ?", Integer.class, schema,
				change);
		return (count != null) ? count : 0;
	}

	boolean tableExists(String schema, String table) {
		return Boolean.TRUE.equals(this.owner.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
				"\"" + schema + "\"." + table));
	}

	Map<String, Object> state(String tenant, String module, String target) {
		return this.owner.queryForMap("SELECT * FROM " + this.registryTable.migrationStateQualifiedName()
				+ " WHERE tenant = ? AND module = ? AND target = ?", tenant, module, target);
	}

}
