package io.dotmac.database.rls.isolation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.schema.SchemaNaming;
import io.dotmac.database.tenant.TenantId;

/**
 * Schema per tenant as an {@link IsolationStrategy}: each tenant gets a schema of its own,
 * named by {@link SchemaNaming}, holding its own {@code notes} table (created by the owner
 * role; the application role may use it but owns nothing). The table's {@code tenant_id}
 * column is only there so the contract can check where each row came from; a CHECK makes
 * it the schema's tenant, the way a tenant-scoped table would reject foreign rows. The
 * application connects as the application role with
 * {@code dotmac.database.tenancy.strategy=schema}; nothing is shared, so without a tenant
 * there is no {@code notes} table at all.
 */
class SchemaIsolationStrategy implements IsolationStrategy {

	private static final SchemaNaming NAMING = SchemaNaming.defaults();

	private final RlsMode mode;

	private TestDatabase database;

	private List<TenantId> tenants;

	SchemaIsolationStrategy(RlsMode mode) {
		this.mode = mode;
	}

	@Override
	public void prepare(TestDatabase database, List<TenantId> tenants) {
		this.database = database;
		this.tenants = List.copyOf(tenants);
		JdbcTemplate owner = new JdbcTemplate(database.ownerDataSource());
		for (TenantId tenant : tenants) {
			String schema = NAMING.quoted(tenant);
			owner.execute("CREATE SCHEMA " + schema);
			owner.execute("CREATE TABLE " + schema + ".notes (id uuid PRIMARY KEY, tenant_id varchar(48) NOT NULL"
					+ " CHECK (tenant_id = '" + tenant.value() + "'), title text NOT NULL,"
					+ " origin text NOT NULL DEFAULT 'primary')");
			owner.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + database.appUsername());
			owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + schema + ".notes TO " + database.appUsername());
		}
	}

	@Override
	public Map<String, Object> applicationProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", this.database.jdbcUrl());
		properties.put("spring.datasource.username", this.database.appUsername());
		properties.put("spring.datasource.password", this.database.appPassword());
		properties.put("spring.datasource.hikari.maximum-pool-size", 4);
		properties.put("spring.jpa.hibernate.ddl-auto", "none");
		properties.put("spring.jpa.open-in-view", false);
		properties.put("dotmac.database.tenancy.strategy", "schema");
		properties.put("dotmac.database.schema.mode", this.mode.name().toLowerCase());
		return properties;
	}

	@Override
	public void insert(TenantId tenant, UUID id, String title) {
		new JdbcTemplate(RlsIsolationStrategy.admin(this.database)).update(
				"INSERT INTO " + NAMING.quoted(tenant) + ".notes (id, tenant_id, title) VALUES (?, ?, ?)", id,
				tenant.value(), title);
	}

	@Override
	public List<StoredNote> allNotes() {
		String union = this.tenants.stream()
			.map((tenant) -> "SELECT id, tenant_id, title FROM " + NAMING.quoted(tenant) + ".notes")
			.collect(Collectors.joining(" UNION ALL "));
		return new ArrayList<>(new JdbcTemplate(RlsIsolationStrategy.admin(this.database)).query(union,
				(row, i) -> new StoredNote(row.getObject(1, UUID.class), row.getString(2), row.getString(3))));
	}

	@Override
	public boolean tenantsShareKeys() {
		return false;
	}

	@Override
	public boolean systemScopeSeesAllTenants() {
		return false;
	}

	@Override
	public boolean tenantTablesHiddenWithoutTenant() {
		return true;
	}

	@Override
	public void close() {
		// The test database goes with the test class.
	}

}
