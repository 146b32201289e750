package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static io.dotmac.database.rls.AbstractRlsDataSourceTests.inTransaction;
import static io.dotmac.database.rls.AbstractRlsDataSourceTests.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link RlsPolicyManager} against PostgreSQL, with the catalog as witness: what it
 * creates, that a second run changes nothing, that it repairs a wrong policy, which
 * indexes it considers covered, and that bad names never reach SQL. Also proves the
 * PostgreSQL mechanics the design rests on: the tenant policy is an index condition, a
 * policy for a role does not apply to a member that does not inherit it, and FORCE puts
 * the owner under the policy.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RlsPolicyManagerTests {

	private RlsFixture fixture;

	private RlsPolicyManager manager;

	private JdbcTemplate owner;

	private JdbcTemplate admin;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.fixture = RlsFixture.create(database);
		this.manager = new RlsPolicyManager(database.ownerDataSource(), this.fixture.settings());
		this.owner = new JdbcTemplate(database.ownerDataSource());
		this.admin = new JdbcTemplate(this.fixture.adminDataSource());
	}

	@AfterAll
	void tearDown() {
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	private void createTable(String table) {
		this.owner.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, tenant_id varchar(48) NOT NULL, "
				+ "email text, status text, created_at timestamptz NOT NULL DEFAULT now())");
	}

	@Test
	void enableTurnsOnAndForcesRowLevelSecurityWithBothPolicies() {
		createTable("customers");
		this.manager.enableTenantRls(TenantTable.of("customers").withIndex("email"));
		assertThat(this.owner.queryForList(
				"SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'customers'::regclass",
				Boolean.class))
			.containsExactly(true);
		assertThat(policies("customers")).containsExactly(
				"dotmac_system_access|*|true|{" + this.fixture.systemRole() + "}|true|true",
				"dotmac_tenant_isolation|*|true|{public}"
						+ "|((tenant_id)::text = NULLIF(current_setting('app.current_tenant_id'::text, true), ''::text))"
						+ "|((tenant_id)::text = NULLIF(current_setting('app.current_tenant_id'::text, true), ''::text))");
		assertThat(indexes("customers")).containsExactly("customers_pkey:id", "customers_tenant_id_email_idx:tenant_id,email");
		assertThat(this.admin.queryForObject("SELECT has_table_privilege(?, 'customers', 'SELECT, INSERT, UPDATE, DELETE')",
				Boolean.class, this.fixture.systemRole())).isTrue();
	}

	@Test
	void enablingTwiceChangesNothing() {
		createTable("twice");
		TenantTable table = TenantTable.of("twice").withIndex("email").withIndex("status", "created_at");
		this.manager.enableTenantRls(table);
		List<String> policies = policies("twice");
		List<String> indexes = indexes("twice");
		this.manager.enableTenantRls(table);
		assertThat(policies("twice")).isEqualTo(policies).hasSize(2);
		assertThat(indexes("twice")).isEqualTo(indexes)
			.containsExactly("twice_pkey:id", "twice_tenant_id_email_idx:tenant_id,email",
					"twice_tenant_id_status_created_at_idx:tenant_id,status,created_at");
	}

	@Test
	void aPolicyOfTheSameNameButAnotherShapeIsReplaced() {
		createTable("repaired");
		this.owner.execute("ALTER TABLE repaired ENABLE ROW LEVEL SECURITY");
		this.owner.execute("CREATE POLICY dotmac_tenant_isolation ON repaired FOR SELECT USING (true)");
		this.owner.execute("CREATE POLICY dotmac_system_access ON repaired FOR ALL TO PUBLIC USING (true)");
		this.manager.enableTenantRls("repaired");
		assertThat(policies("repaired")).containsExactly(
				"dotmac_system_access|*|true|{" + this.fixture.systemRole() + "}|true|true",
				"dotmac_tenant_isolation|*|true|{public}"
						+ "|((tenant_id)::text = NULLIF(current_setting('app.current_tenant_id'::text, true), ''::text))"
						+ "|((tenant_id)::text = NULLIF(current_setting('app.current_tenant_id'::text, true), ''::text))");
	}

	@Test
	void anIndexThatAlreadyStartsWithTheColumnsIsReused() {
		createTable("covered");
		this.owner.execute("CREATE INDEX covered_wide ON covered (tenant_id, email, created_at)");
		this.owner.execute("CREATE INDEX covered_partial ON covered (tenant_id, status) WHERE status IS NOT NULL");
		this.manager.enableTenantRls(TenantTable.of("covered").withIndex("email").withIndex("status"));
		assertThat(indexes("covered")).containsExactly("covered_partial:tenant_id,status", "covered_pkey:id",
				"covered_tenant_id_status_idx:tenant_id,status", "covered_wide:tenant_id,email,created_at");
	}

	@Test
	void aTableWithoutAdditionalIndexesGetsATenantIndex() {
		createTable("plain");
		this.manager.enableTenantRls("plain");
		assertThat(indexes("plain")).containsExactly("plain_pkey:id", "plain_tenant_id_idx:tenant_id");
	}

	@Test
	void createTenantIndexesCreatesOnlyIndexes() {
		createTable("indexonly");
		this.manager.createTenantIndexes(TenantTable.of("indexonly").withIndex("created_at"));
		assertThat(indexes("indexonly")).containsExactly("indexonly_pkey:id",
				"indexonly_tenant_id_created_at_idx:tenant_id,created_at");
		assertThat(policies("indexonly")).isEmpty();
	}

	@Test
	void longIndexNamesAreShortenedWithAHash() {
		String table = "a_table_with_a_rather_long_name_for_a_tenant_table";
		createTable(table);
		this.owner.execute("ALTER TABLE " + table + " ADD COLUMN another_rather_long_column_name text");
		this.manager.createTenantIndexes(TenantTable.of(table).withIndex("another_rather_long_column_name"));
		String name = RlsPolicyStatements.indexName(TenantTable.of(table),
				List.of("tenant_id", "another_rather_long_column_name"));
		assertThat(name).hasSize(63).endsWith("_idx");
		assertThat(indexes(table)).contains(name + ":tenant_id,another_rather_long_column_name");
		this.manager.createTenantIndexes(TenantTable.of(table).withIndex("another_rather_long_column_name"));
		assertThat(indexes(table)).hasSize(2);
	}

	@Test
	void namesThatAreNotPlainIdentifiersAreRejectedBeforeAnySql() {
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantTable.of("items; DROP TABLE items"))
			.withMessageContaining("Invalid table name");
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantTable.of("items").withIndex("email\" text); --"));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantTable.of("items").inSchema("public.x"));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantTable.of("x".repeat(64)));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> RlsSettings.defaults().withSettingName("app.tenant'); DROP TABLE x; --"));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> RlsSettings.defaults().withSettingName("no_prefix"));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> RlsSettings.defaults().withSystemRole("role with space"));
	}

	@Test
	void aMissingSystemRoleFailsClearlyAndChangesNothing() {
		createTable("orphaned");
		RlsPolicyManager withoutRole = new RlsPolicyManager(this.fixture.database().ownerDataSource(),
				this.fixture.settings().withSystemRole("no_such_system_role"));
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> withoutRole.enableTenantRls("orphaned"))
			.withMessageContaining("no_such_system_role")
			.withMessageContaining("does not exist");
		assertThat(this.owner.queryForObject("SELECT relrowsecurity FROM pg_class WHERE oid = 'orphaned'::regclass",
				Boolean.class)).isFalse();
		assertThat(policies("orphaned")).isEmpty();
	}

	@Test
	void withoutASystemRoleOnlyTheTenantPolicyIsCreated() {
		createTable("tenantonly");
		new RlsPolicyManager(this.fixture.database().ownerDataSource(), this.fixture.settings().withSystemRole(null))
			.enableTenantRls("tenantonly");
		assertThat(policies("tenantonly")).hasSize(1).allMatch((policy) -> policy.startsWith("dotmac_tenant_isolation"));
	}

	@Test
	void disableUndoesEnable() {
		createTable("undone");
		TenantTable table = TenantTable.of("undone").withIndex("email");
		this.manager.enableTenantRls(table);
		this.manager.disableTenantRls(table);
		assertThat(this.owner.queryForList(
				"SELECT relrowsecurity OR relforcerowsecurity FROM pg_class WHERE oid = 'undone'::regclass",
				Boolean.class))
			.containsExactly(false);
		assertThat(policies("undone")).isEmpty();
		assertThat(indexes("undone")).containsExactly("undone_pkey:id");
		assertThat(this.admin.queryForObject("SELECT has_table_privilege(?, 'undone', 'SELECT')", Boolean.class,
				this.fixture.systemRole())).isFalse();
		this.manager.disableTenantRls(table);
	}

	@Test
	void worksOnTheCallersConnectionInsideItsTransaction() throws SQLException {
		createTable("oncaller");
		try (Connection connection = this.fixture.database().ownerDataSource().getConnection()) {
			connection.setAutoCommit(false);
			RlsPolicyManager.onConnection(connection, this.fixture.settings()).enableTenantRls("oncaller");
			connection.rollback();
		}
		assertThat(policies("oncaller")).isEmpty();
	}

	@Test
	void theTenantPolicyIsAnIndexCondition() {
		createTable("planned");
		this.manager.enableTenantRls(TenantTable.of("planned").withIndex("email"));
		this.owner.execute("GRANT SELECT ON planned TO " + this.fixture.database().appUsername());
		List<String> plan = TenantContext.call(TenantId.of("acme"),
				() -> inTransaction(new RlsDataSource(this.fixture.database().appDataSource(), this.fixture.settings()),
						(connection) -> {
							strings(connection, "SELECT set_config('enable_seqscan', 'off', true)");
							return strings(connection, "EXPLAIN SELECT * FROM planned WHERE email = 'x'");
						}));
		assertThat(String.join("\n", plan)).contains("Index Cond: (((tenant_id)::text = NULLIF(current_setting("
				+ "'app.current_tenant_id'::text, true), ''::text)) AND (email = 'x'::text))");
	}

	@Test
	void aPolicyForARoleReachesMembersOnlyWhenTheyInheritIt() {
		createTable("inherit");
		this.manager.enableTenantRls("inherit");
		this.admin.update("INSERT INTO inherit (tenant_id, email) VALUES ('acme', 'a'), ('globex', 'g')");
		TestDatabase database = this.fixture.database();
		this.owner.execute("GRANT SELECT ON inherit TO " + database.appUsername());
		RlsDataSource app = new RlsDataSource(database.appDataSource(), this.fixture.settings());
		// As set up: a member without inheritance sees its tenant's rows only.
		assertThat(countFor(app, "acme", "inherit")).isOne();
		assertThat(this.admin.queryForObject(
				"SELECT NOT inherit_option AND set_option FROM pg_auth_members WHERE roleid = ?::regrole AND member = ?::regrole",
				Boolean.class, this.fixture.systemRole(), database.appUsername()))
			.isTrue();
		// Control: with inheritance the system policy would apply all the time.
		this.admin.execute("GRANT " + this.fixture.systemRole() + " TO " + database.appUsername() + " WITH INHERIT TRUE");
		try {
			assertThat(countFor(app, "acme", "inherit")).isEqualTo(2);
		}
		finally {
			new RlsPolicyManager(this.fixture.adminDataSource(), this.fixture.settings())
				.createSystemRole(database.appUsername());
		}
		assertThat(countFor(app, "acme", "inherit")).isOne();
	}

	@Test
	void forceSubjectsTheOwnerToThePolicy() {
		createTable("forced");
		this.manager.enableTenantRls("forced");
		this.admin.update("INSERT INTO forced (tenant_id, email) VALUES ('acme', 'a'), ('globex', 'g')");
		RlsDataSource owner = new RlsDataSource(this.fixture.database().ownerDataSource(), this.fixture.settings());
		assertThat(this.owner.queryForObject("SELECT count(*) FROM forced", Integer.class)).isZero();
		assertThat(countFor(owner, "globex", "forced")).isOne();
		List<String> all = TenantContext.callAsSystem("count",
				() -> inTransaction(owner, (connection) -> strings(connection, "SELECT count(*) FROM forced")));
		assertThat(all).containsExactly("2");
	}

	@Test
	void theSystemScopeMayInsertIntoSerialTables() {
		createTable("serials");
		this.manager.enableTenantRls("serials");
		TestDatabase database = this.fixture.database();
		this.owner.execute("GRANT SELECT, INSERT ON serials TO " + database.appUsername());
		this.owner.execute("GRANT USAGE ON SEQUENCE serials_id_seq TO " + database.appUsername());
		RlsDataSource app = new RlsDataSource(database.appDataSource(), this.fixture.settings());
		TenantContext.runAsSystem("import", () -> inTransaction(app, (connection) -> AbstractRlsDataSourceTests
			.update(connection, "INSERT INTO serials (tenant_id, email) VALUES ('acme', 'a'), ('globex', 'g')")));
		assertThat(countFor(app, "acme", "serials")).isOne();
	}

	@Test
	void tablesInOtherSchemasAndWithMixedCaseNamesAreQuotedExactly() {
		TestDatabase database = this.fixture.database();
		this.owner.execute("CREATE SCHEMA billing");
		this.owner.execute("CREATE TABLE billing.\"Invoices\" (id bigserial PRIMARY KEY, \"Tenant\" varchar(48) NOT NULL, "
				+ "\"Number\" text)");
		TenantTable invoices = TenantTable.of("Invoices").inSchema("billing").withTenantColumn("Tenant").withIndex("Number");
		this.manager.enableTenantRls(invoices);
		this.manager.enableTenantRls(invoices);
		this.owner.execute("GRANT USAGE ON SCHEMA billing TO " + database.appUsername());
		this.owner.execute("GRANT SELECT ON billing.\"Invoices\" TO " + database.appUsername());
		this.admin.update("INSERT INTO billing.\"Invoices\" (\"Tenant\", \"Number\") VALUES ('acme', 'A-1'), ('globex', 'G-1')");
		assertThat(indexes("billing.\"Invoices\"")).contains("Invoices_Tenant_Number_idx:Tenant,Number");
		RlsDataSource app = new RlsDataSource(database.appDataSource(), this.fixture.settings());
		String query = "SELECT \"Number\" FROM billing.\"Invoices\" ORDER BY 1";
		List<String> acme = TenantContext.call(TenantId.of("acme"),
				() -> inTransaction(app, (connection) -> strings(connection, query)));
		assertThat(acme).containsExactly("A-1");
		List<String> all = TenantContext.callAsSystem("billing",
				() -> inTransaction(app, (connection) -> strings(connection, query)));
		assertThat(all).containsExactly("A-1", "G-1");
		this.manager.disableTenantRls(invoices);
		assertThat(policies("billing.\"Invoices\"")).isEmpty();
		assertThat(indexes("billing.\"Invoices\"")).containsExactly("Invoices_pkey:id");
	}

	@Test
	void creatingTheSystemRoleTwiceChangesNothing() {
		RlsPolicyManager administrator = new RlsPolicyManager(this.fixture.adminDataSource(), this.fixture.settings());
		administrator.createSystemRole(this.fixture.database().appUsername());
		administrator.createSystemRole(this.fixture.database().appUsername());
		assertThat(this.admin.queryForObject(
				"SELECT rolcanlogin OR rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = ?", Boolean.class,
				this.fixture.systemRole()))
			.isFalse();
	}

	/**
	 * Another session creates the role between the check and the CREATE ROLE (two instances
	 * starting together): the CREATE waits for that session and would fail once it commits.
	 */
	@Test
	void creatingTheSystemRoleSucceedsWhenAnotherSessionCreatesItConcurrently() throws Exception {
		String role = this.fixture.systemRole() + "_race";
		RlsPolicyManager administrator = new RlsPolicyManager(this.fixture.adminDataSource(),
				this.fixture.settings().withSystemRole(role));
		try {
			CompletableFuture<Void> call;
			try (Connection other = this.fixture.adminDataSource().getConnection();
					Statement statement = other.createStatement()) {
				other.setAutoCommit(false);
				statement.execute("CREATE ROLE " + role + " NOLOGIN");
				call = CompletableFuture
					.runAsync(() -> administrator.createSystemRole(this.fixture.database().appUsername()));
				await().atMost(Duration.ofSeconds(30))
					.until(() -> this.admin.queryForObject("SELECT count(*) FROM pg_stat_activity "
							+ "WHERE wait_event_type = 'Lock' AND query LIKE ?", Integer.class,
							"%CREATE ROLE \"" + role + "\"%"), (waiting) -> waiting == 1);
				other.commit();
			}
			call.get(30, TimeUnit.SECONDS);
			assertThat(this.admin.queryForObject(
					"SELECT NOT inherit_option AND set_option FROM pg_auth_members WHERE roleid = ?::regrole "
							+ "AND member = ?::regrole",
					Boolean.class, role, this.fixture.database().appUsername()))
				.isTrue();
		}
		finally {
			this.admin.execute("DROP ROLE IF EXISTS " + role);
		}
	}

	private static int countFor(RlsDataSource dataSource, String tenant, String table) {
		return Integer.parseInt(TenantContext.call(TenantId.of(tenant), () -> inTransaction(dataSource,
				(connection) -> strings(connection, "SELECT count(*) FROM " + table))).get(0));
	}

	private List<String> policies(String table) {
		return this.owner.queryForList("SELECT polname || '|' || polcmd::text || '|' || polpermissive || '|' || "
				+ "(SELECT array_agg(CASE r WHEN 0 THEN 'public' ELSE r::regrole::text END ORDER BY r) FROM unnest(polroles) r)::text || '|' || "
				+ "pg_get_expr(polqual, polrelid) || '|' || pg_get_expr(polwithcheck, polrelid) "
				+ "FROM pg_policy WHERE polrelid = ?::regclass ORDER BY polname", String.class, table);
	}

	private List<String> indexes(String table) {
		return this.owner.queryForList("SELECT c.relname || ':' || (SELECT string_agg(a.attname, ',' ORDER BY k.ord) "
				+ "FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord) JOIN pg_attribute a "
				+ "ON a.attrelid = i.indrelid AND a.attnum = k.attnum) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
				+ "WHERE i.indrelid = ?::regclass ORDER BY c.relname", String.class, table);
	}

}
