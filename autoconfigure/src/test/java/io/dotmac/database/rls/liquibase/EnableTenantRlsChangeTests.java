package io.dotmac.database.rls.liquibase;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.change.ChangeFactory;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.exception.ValidationFailedException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.RlsDataSource;
import io.dotmac.database.rls.RlsPolicyManager;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code enableTenantRls} change type in real changelogs, YAML and XML, run by
 * Liquibase against PostgreSQL as the owner role: what it sets up, its rollback, its
 * offline SQL and its validation.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnableTenantRlsChangeTests {

	private TestDatabase database;

	private String systemRole;

	private JdbcTemplate owner;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
		this.systemRole = database.name() + "_sys";
		new RlsPolicyManager(admin(), RlsSettings.defaults().withSystemRole(this.systemRole))
			.createSystemRole(database.appUsername());
		this.owner = new JdbcTemplate(database.ownerDataSource());
	}

	@AfterAll
	void tearDown() {
		if (this.systemRole != null) {
			JdbcTemplate admin = new JdbcTemplate(admin());
			admin.execute("DROP OWNED BY " + this.systemRole);
			admin.execute("DROP ROLE " + this.systemRole);
		}
	}

	@Test
	void theChangeTypeIsRegistered() {
		assertThat(Scope.getCurrentScope().getSingleton(ChangeFactory.class).create("enableTenantRls"))
			.isInstanceOf(EnableTenantRlsChange.class);
	}

	@Test
	void yamlChangelogIsolatesTheTable() throws Exception {
		update("db/rls/customers.yaml");
		assertThat(rlsEnabledAndForced("yaml_customers")).isTrue();
		assertThat(policyNames("yaml_customers")).containsExactly("dotmac_system_access", "dotmac_tenant_isolation");
		assertThat(indexNames("yaml_customers")).contains("yaml_customers_tenant_id_email_idx",
				"yaml_customers_tenant_id_status_created_at_idx");
		new JdbcTemplate(admin()).update("INSERT INTO yaml_customers (tenant_id, email) VALUES ('acme', 'a'), ('globex', 'g')");
		this.owner.execute("GRANT SELECT ON yaml_customers TO " + this.database.appUsername());
		JdbcTemplate app = new JdbcTemplate(new RlsDataSource(this.database.appDataSource(),
				RlsSettings.defaults().withSystemRole(this.systemRole)));
		assertThat(TenantContext.call(TenantId.of("acme"),
				() -> app.queryForList("SELECT email FROM yaml_customers", String.class)))
			.containsExactly("a");
		assertThat(TenantContext.callAsSystem("count",
				() -> app.queryForObject("SELECT count(*) FROM yaml_customers", Integer.class)))
			.isEqualTo(2);
	}

	@Test
	void xmlChangelogInItsOwnNamespaceIsolatesTheTable() throws Exception {
		update("db/rls/customers.xml");
		assertThat(rlsEnabledAndForced("xml_customers")).isTrue();
		assertThat(policyNames("xml_customers")).containsExactly("dotmac_system_access", "dotmac_tenant_isolation");
		assertThat(indexNames("xml_customers")).contains("xml_customers_tenant_id_email_idx");
	}

	@Test
	void rollbackTakesTheTableOutOfIsolationAndUpdateBringsItBack() throws Exception {
		update("db/rls/rollback.yaml");
		liquibase("db/rls/rollback.yaml", (liquibase) -> liquibase.rollback(1, (String) null));
		assertThat(rlsEnabledAndForced("rollback_customers")).isFalse();
		assertThat(policyNames("rollback_customers")).isEmpty();
		assertThat(indexNames("rollback_customers")).doesNotContain("rollback_customers_tenant_id_email_idx");
		update("db/rls/rollback.yaml");
		assertThat(rlsEnabledAndForced("rollback_customers")).isTrue();
		assertThat(policyNames("rollback_customers")).hasSize(2);
	}

	@Test
	void theSameChangeTwiceIsHarmless() throws Exception {
		update("db/rls/twice.yaml");
		assertThat(policyNames("twice")).containsExactly("dotmac_tenant_isolation");
		assertThat(indexNames("twice")).containsExactly("twice_org_idx", "twice_pkey");
	}

	@Test
	void updateSqlWritesTheStatementsWithoutRunningThem() throws Exception {
		StringWriter sql = new StringWriter();
		liquibase("db/rls/customers.xml", (liquibase) -> liquibase.update(new Contexts(), new LabelExpression(), sql));
		assertThat(sql.toString()).contains("ALTER TABLE \"xml_customers\" FORCE ROW LEVEL SECURITY")
			.contains("CREATE POLICY \"dotmac_tenant_isolation\" ON \"xml_customers\"")
			.contains("NULLIF(current_setting('app.current_tenant_id', true), '')")
			.contains("$dotmac$");
	}

	@Test
	void anInvalidTableNameFailsValidationAndRunsNothing() {
		assertThatExceptionOfType(LiquibaseException.class).isThrownBy(() -> update("db/rls/invalid.yaml"))
			.withRootCauseInstanceOf(ValidationFailedException.class)
			.withMessageContaining("Invalid table name");
		assertThat(this.owner.queryForObject("SELECT count(*) FROM pg_policy", Integer.class)).isNotNegative();
		assertThat(this.owner.queryForList(
				"SELECT id FROM databasechangelog WHERE id = 'invalid-rls'", String.class)).isEmpty();
	}

	@Test
	void indexColumnsAreParsed() {
		assertThat(EnableTenantRlsChange.parseIndexes("email, status+created_at"))
			.containsExactly(List.of("email"), List.of("status", "created_at"));
		assertThat(EnableTenantRlsChange.parseIndexes(null)).isEmpty();
		assertThat(EnableTenantRlsChange.parseIndexes("  ")).isEmpty();
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> EnableTenantRlsChange.parseIndexes("email,,status"));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> EnableTenantRlsChange.parseIndexes("status+"));
	}

	private void update(String changelog) throws Exception {
		liquibase(changelog, Liquibase::update);
	}

	private void liquibase(String changelog, LiquibaseWork work) throws SQLException, LiquibaseException {
		try (Connection connection = this.database.ownerDataSource().getConnection()) {
			Database target = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			try (Liquibase liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(), target)) {
				liquibase.getChangeLogParameters().set("systemRole", this.systemRole);
				work.run(liquibase);
			}
		}
	}

	private boolean rlsEnabledAndForced(String table) {
		return Boolean.TRUE.equals(this.owner.queryForObject(
				"SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = ?::regclass", Boolean.class,
				table));
	}

	private List<String> policyNames(String table) {
		return this.owner.queryForList("SELECT polname FROM pg_policy WHERE polrelid = ?::regclass ORDER BY polname",
				String.class, table);
	}

	private List<String> indexNames(String table) {
		return this.owner.queryForList(
				"SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = ?::regclass ORDER BY 1", String.class,
				table);
	}

	private javax.sql.DataSource admin() {
		var server = io.dotmac.database.embedded.test.TestServers.postgres();
		org.postgresql.ds.PGSimpleDataSource admin = new org.postgresql.ds.PGSimpleDataSource();
		admin.setURL(this.database.jdbcUrl());
		admin.setUser(server.adminUsername());
		admin.setPassword(server.adminPassword());
		return admin;
	}

	@FunctionalInterface
	private interface LiquibaseWork {

		void run(Liquibase liquibase) throws LiquibaseException;

	}

}
