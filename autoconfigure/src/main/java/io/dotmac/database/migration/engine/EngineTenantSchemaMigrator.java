package io.dotmac.database.migration.engine;

import java.sql.Connection;
import java.util.Objects;

import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.schema.SchemaNaming;
import io.dotmac.database.schema.TenantSchemaMigrator;
import io.dotmac.database.tenant.TenantId;

/**
 * The {@link TenantSchemaMigrator} of schema-per-tenant provisioning when the migration engine
 * is on: a new tenant's schema (or the clone template) gets every module's tenant part through
 * the engine, on the provisioning connection, and the new tenant's state is recorded, so the
 * next start-up does not visit it again. A cloned schema, which carries the template's history,
 * is checked and recorded the same way (nothing runs).
 */
public class EngineTenantSchemaMigrator extends TenantSchemaMigrator {

	private final DefaultTenantMigrations migrations;

	private final SchemaNaming naming;

	/**
	 * Create a migrator.
	 * @param migrations the engine's API
	 * @param naming the mapping of tenants to schemas, to tell tenant schemas from the template
	 */
	public EngineTenantSchemaMigrator(DefaultTenantMigrations migrations, SchemaNaming naming) {
		super(description(migrations));
		this.migrations = Objects.requireNonNull(migrations, "migrations must not be null");
		this.naming = Objects.requireNonNull(naming, "naming must not be null");
	}

	private static String description(DefaultTenantMigrations migrations) {
		return migrations.modules()
			.stream()
			.map(MigrationModule::tenantLocation)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse("(no tenant changelog)");
	}

	@Override
	public void migrate(Connection connection, String schema) {
		TenantId tenant = this.naming.tenantOf(schema).orElse(null);
		this.migrations.upgradeSchema(connection, schema, tenant);
	}

	@Override
	public void cloned(Connection connection, String schema) {
		migrate(connection, schema);
	}

	@Override
	public String toString() {
		return "EngineTenantSchemaMigrator[" + this.migrations.modules() + "]";
	}

}
