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
import io.dotmac.database.schema.SchemaSettings;
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

	private final String rolePrefix;

	private TestDatabase database;

	private List<TenantId> tenants;

	SchemaIsolationStrategy(RlsMode mode) {
		this(mode, null);
	}

	/**
	 * A strategy with per-tenant roles: only the tenant's role may use its schema, and the
	 * application role may switch to it without inheriting it.
	 * @param rolePrefix the prefix of the tenant roles, unique to the test class
	 */
	SchemaIsolationStrategy(RlsMode mode, String rolePrefix) {
		this.mode = mode;
		this.rolePrefix = rolePrefix;
	}

	private SchemaSettings settings() {
		return SchemaSettings.defaults().withTenantRolePrefix(this.rolePrefix);
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
			String grantee = database.appUsername();
			if (this.rolePrefix != null) {
				// Roles are the administrator's business: created as the server's admin.
				grantee = settings().tenantRoleFor(tenant);
				JdbcTemplate admin = new JdbcTemplate(RlsIsolationStrategy.admin(database));
				admin.execute("CREATE ROLE \"" + grantee + "\" NOLOGIN");
				admin.execute("GRANT \"" + grantee + "\" TO " + database.appUsername() + " WITH INHERIT FALSE, SET TRUE");
				grantee = "\"" + grantee + "\"";
			}
			owner.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + grantee);
			owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + schema + ".notes TO " + grantee);
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
		if (this.rolePrefix != null) {
			properties.put("dotmac.database.schema.tenant-role-prefix", this.rolePrefix);
		}
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
		// The test database goes with the test class; the roles are the cluster's.
		if (this.rolePrefix != null && this.database != null) {
			JdbcTemplate admin = new JdbcTemplate(RlsIsolationStrategy.admin(this.database));
			for (TenantId tenant : this.tenants) {
				String role = "\"" + settings().tenantRoleFor(tenant) + "\"";
				admin.execute("DROP OWNED BY " + role);
				admin.execute("DROP ROLE " + role);
			}
		}
	}

}
