package io.dotmac.database.migration.guard;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.embedded.test.TestServers;
import io.dotmac.database.rls.RlsPolicyManager;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.TenantTable;
import io.dotmac.database.tenant.JdbcTenantRegistry;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;
import io.dotmac.database.tenant.TenantRegistryTable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Per-tenant data migrations ({@code tenantDataMigration} in YAML and XML, and a Java
 * {@link TenantDataMigrationTask}) run by plain Liquibase as the owner role, an ordinary role
 * that the forced tenant policy binds: each tenant's pass sees only that tenant's rows, a
 * tenant that is not registered is left alone, a superuser is refused, and in schema mode the
 * SQL runs once.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantDataMigrationTests {

	private TestDatabase database;

	private DataSource owner;

	private JdbcTemplate admin;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
		this.owner = database.ownerDataSource();
		new TenantRegistrySchemaInitializer(this.owner, TenantRegistryTable.defaults()).initialize();
		JdbcTenantRegistry registry = new JdbcTenantRegistry(this.owner);
		for (String tenant : List.of("acme", "globex", "initech")) {
			registry.register(TenantId.of(tenant), tenant);
		}
		this.admin = new JdbcTemplate(admin());
	}

	@Test
	void yamlDataMigrationSeesOnlyTheCurrentTenantsRowsForEachTenant() throws Exception {
		String schema = isolatedOrders("yaml_data");
		GuardLiquibase.update(this.owner, schema, "db/guard/data-migration.yaml", Map.of());
		assertEachTenantSawItsOwnRows(schema);
	}

	@Test
	void xmlDataMigrationSeesOnlyTheCurrentTenantsRowsForEachTenant() throws Exception {
		String schema = isolatedOrders("xml_data");
		GuardLiquibase.update(this.owner, schema, "db/guard/data-migration.xml", Map.of());
		assertEachTenantSawItsOwnRows(schema);
	}

	@Test
	void javaDataMigrationSeesOnlyTheCurrentTenantsRowsForEachTenant() throws Exception {
		String schema = isolatedOrders("java_data");
		GuardLiquibase.update(this.owner, schema, "db/guard/data-migration-task.yaml",
				Map.of(TenantIsolationMode.CHANGELOG_PARAMETER, "rls"));
		assertEachTenantSawItsOwnRows(schema);
	}

	@Test
	void theTenantSettingIsPutBackForTheRestOfTheChangeset() throws Exception {
		String schema = isolatedOrders("restored_setting");
		GuardLiquibase.update(this.owner, schema, "db/guard/data-migration-restores.yaml", Map.of());
		assertThat(this.admin.queryForList("SELECT tenant FROM " + schema + ".migration_log", String.class))
			.containsExactly("before");
		assertThat(this.admin.queryForList("SELECT tenant_id || '=' || amount FROM " + schema
				+ ".orders ORDER BY tenant_id, amount", String.class))
			.containsExactly("acme=2", "acme=3", "ghost=100", "globex=11");
	}

	@Test
	void aRoleThatBypassesRowLevelSecurityIsRefused() throws Exception {
		String schema = isolatedOrders("superuser_data");
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(admin(), schema, "db/guard/data-migration.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex)).contains("which bypasses Row-Level Security")
				.contains("allowBypassRls: true"));
		assertThat(this.admin.queryForList("SELECT amount FROM " + schema + ".orders ORDER BY amount", Integer.class))
			.containsExactly(1, 2, 10, 100);
		assertThat(this.admin.queryForObject("SELECT count(*) FROM " + schema + ".migration_log", Integer.class)).isZero();
	}

	@Test
	void aRoleThatBypassesRowLevelSecurityIsRefusedByJavaMigrationsToo() throws Exception {
		String schema = isolatedOrders("superuser_java");
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(admin(), schema, "db/guard/data-migration-task.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex)).contains("which bypasses Row-Level Security"));
		assertThat(this.admin.queryForObject("SELECT count(*) FROM " + schema + ".migration_log", Integer.class)).isZero();
	}

	@Test
	void aJavaMigrationOutsideTheChangesetsTransactionIsRefused() throws Exception {
		String schema = isolatedOrders("autocommit_java");
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/data-migration-task-autocommit.yaml",
					Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex)).contains("needs the changeset's transaction"));
		assertThat(this.admin.queryForObject("SELECT count(*) FROM " + schema + ".migration_log", Integer.class)).isZero();
	}

	@Test
	void inSchemaModeTheSqlRunsOnceInTheSchema() throws Exception {
		String schema = "t_schema_mode";
		GuardLiquibase.execute(this.owner, "CREATE SCHEMA " + schema,
				"CREATE TABLE " + schema + ".orders (id bigint PRIMARY KEY, amount int)",
				"CREATE TABLE " + schema + ".migration_log (tenant text, seen int, total int)",
				"INSERT INTO " + schema + ".orders VALUES (1, 5), (2, 7)");
		GuardLiquibase.update(this.owner, schema, "db/guard/data-migration.yaml",
				Map.of(TenantIsolationMode.CHANGELOG_PARAMETER, "schema"));
		assertThat(this.admin.queryForList("SELECT seen || '/' || total FROM " + schema + ".migration_log", String.class))
			.containsExactly("2/12");
		assertThat(this.admin.queryForList("SELECT amount FROM " + schema + ".orders ORDER BY amount", Integer.class))
			.containsExactly(10, 14);
	}

	private void assertEachTenantSawItsOwnRows(String schema) {
		assertThat(this.admin.queryForList("SELECT tenant || ':' || seen || '/' || total FROM " + schema
				+ ".migration_log ORDER BY tenant", String.class))
			.containsExactly("acme:2/3", "globex:1/10", "initech:0/0");
		// Each row doubled once; the row of a tenant that is not registered untouched.
		assertThat(this.admin.queryForList("SELECT tenant_id || '=' || amount FROM " + schema
				+ ".orders ORDER BY tenant_id, amount", String.class))
			.containsExactly("acme=2", "acme=4", "ghost=100", "globex=20");
	}

	/** Orders of three tenants (and one unregistered), under a forced tenant policy. */
	private String isolatedOrders(String schema) throws Exception {
		GuardLiquibase.execute(this.owner, "CREATE SCHEMA " + schema,
				"CREATE TABLE " + schema + ".orders (id bigint PRIMARY KEY, tenant_id varchar(48) NOT NULL, amount int)",
				"CREATE TABLE " + schema + ".migration_log (tenant text, seen int, total int)",
				"INSERT INTO " + schema + ".orders VALUES (1, 'acme', 1), (2, 'acme', 2), (3, 'globex', 10), "
						+ "(4, 'ghost', 100)");
		new RlsPolicyManager(this.owner, RlsSettings.defaults().withSystemRole(null))
			.enableTenantRls(TenantTable.of("orders").inSchema(schema));
		return schema;
	}

	private DataSource admin() {
		var server = TestServers.postgres();
		PGSimpleDataSource admin = new PGSimpleDataSource();
		admin.setURL(this.database.jdbcUrl());
		admin.setUser(server.adminUsername());
		admin.setPassword(server.adminPassword());
		return admin;
	}

}
