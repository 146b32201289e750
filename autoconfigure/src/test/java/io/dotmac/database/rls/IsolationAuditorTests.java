package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.IsolationFinding.Severity;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static io.dotmac.database.rls.TenantTableSql.correctTable;
import static io.dotmac.database.rls.TenantTableSql.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The audit against real PostgreSQL: a correct setup passes, each mistake is found on its
 * own, and where a finding claims that rows leak, the test shows the leak with the
 * application role's own queries.
 * <p>
 * Each test works in a schema of its own in the class's database and audits only that
 * schema; role attributes and memberships are set with the server's superuser.
 */
@DotmacTestServers
class IsolationAuditorTests {

	private final TestDatabase database;

	private final JdbcTemplate owner;

	private final JdbcTemplate admin;

	private final String schema;

	private final String app;

	private final List<String> cleanup = new ArrayList<>();

	IsolationAuditorTests(TestDatabase database) {
		this.database = database;
		this.owner = new JdbcTemplate(database.ownerDataSource());
		this.admin = new JdbcTemplate(TenantTableSql.adminDataSource(database));
		this.app = database.appUsername();
		this.schema = "audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		this.owner.execute("CREATE SCHEMA " + this.schema);
		this.owner.execute("GRANT USAGE ON SCHEMA " + this.schema + " TO " + this.app);
	}

	@AfterEach
	void dropSchemaAndRoles() {
		this.admin.execute("DROP SCHEMA " + this.schema + " CASCADE");
		for (String statement : this.cleanup) {
			this.admin.execute(statement);
		}
	}

	@Test
	void correctlySetUpTablePasses() {
		ownerRuns(correctTable(table("customers"), this.app));
		IsolationReport report = audit();
		assertThat(report.role()).isEqualTo(this.app);
		assertThat(report.schemas()).containsExactly(this.schema);
		assertThat(report.tenantTables()).containsExactly(table("customers"));
		assertThat(report.findings()).isEmpty();
		assertThat(report.hasViolations()).isFalse();
		assertThat(report.summary()).isEqualTo("Tenant isolation audit of role " + this.app
				+ ": 1 tenant table in " + this.schema + ", isolation enforced");
		assertThat(report.requireNoViolations()).isSameAs(report);
	}

	@Test
	void noTenantTablesIsInformationNotAViolation() {
		this.owner.execute("CREATE TABLE " + table("plans") + " (code text PRIMARY KEY, name text)");
		IsolationReport report = audit();
		assertThat(report.tenantTables()).isEmpty();
		assertThat(report.hasViolations()).isFalse();
		assertThat(report.findings()).extracting(IsolationFinding::severity, IsolationFinding::check)
			.containsExactly(tuple(Severity.INFO, IsolationCheck.NO_TENANT_TABLES));
		assertThat(report.findings().get(0).problem()).contains("has a column tenant_id; nothing to protect yet");
	}

	@Test
	void tableWithoutRowLevelSecurityIsAViolation() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("ALTER TABLE " + table("customers") + " DISABLE ROW LEVEL SECURITY");
		insertTwoTenants("customers");
		// What the finding claims: the app role sees the other tenant's row.
		assertThat(appCountsRowsOf("customers", "acme")).isEqualTo(2);

		IsolationReport report = audit();
		assertThat(checks(report)).containsExactly(tuple(Severity.ERROR, IsolationCheck.RLS_DISABLED, table("customers")));
		assertThat(report.findings().get(0).fix()).isEqualTo("ALTER TABLE " + table("customers")
				+ " ENABLE ROW LEVEL SECURITY;\nALTER TABLE " + table("customers") + " FORCE ROW LEVEL SECURITY;");
		assertThatThrownBy(report::requireNoViolations).isInstanceOf(IsolationAuditException.class)
			.extracting("report")
			.isSameAs(report);
	}

	@Test
	void unforcedTableOwnedByTheAppRoleIsAViolation() {
		// The application runs its own migrations, so it owns the table (as dev services do).
		this.owner.execute("GRANT CREATE ON SCHEMA " + this.schema + " TO " + this.app);
		List<String> statements = new ArrayList<>(correctTable(table("customers"), this.app));
		statements.removeIf((statement) -> statement.contains("FORCE") || statement.startsWith("GRANT"));
		execute(this.database.appDataSource(), statements);
		insertTwoTenantsAsApp("customers");
		// The owner is exempt from its table's policies: the app role sees both tenants.
		assertThat(appCountsRowsOf("customers", "acme")).isEqualTo(2);

		IsolationReport report = audit();
		assertThat(checks(report))
			.containsExactly(tuple(Severity.ERROR, IsolationCheck.RLS_NOT_FORCED, table("customers")));
		assertThat(report.findings().get(0).problem()).contains("is owned by the application role " + this.app);
		assertThat(report.findings().get(0).fix())
			.isEqualTo("ALTER TABLE " + table("customers") + " FORCE ROW LEVEL SECURITY;");

		// Forcing it is enough: the same role now sees its own tenant only, and the audit passes.
		this.app().execute("ALTER TABLE " + table("customers") + " FORCE ROW LEVEL SECURITY");
		assertThat(appCountsRowsOf("customers", "acme")).isEqualTo(1);
		assertThat(audit().findings()).isEmpty();
	}

	@Test
	void unforcedTableWhoseOwnerTheAppRoleInheritsIsAViolation() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("ALTER TABLE " + table("customers") + " NO FORCE ROW LEVEL SECURITY");
		insertTwoTenants("customers");
		this.admin.execute("GRANT " + this.database.ownerUsername() + " TO " + this.app);
		this.cleanup.add("REVOKE " + this.database.ownerUsername() + " FROM " + this.app);
		// Inheriting the owner's privileges makes the app role an owner for RLS.
		assertThat(appCountsRowsOf("customers", "acme")).isEqualTo(2);

		IsolationReport report = audit();
		assertThat(checks(report))
			.containsExactly(tuple(Severity.ERROR, IsolationCheck.RLS_NOT_FORCED, table("customers")));
		assertThat(report.findings().get(0).problem())
			.contains("is owned by " + this.database.ownerUsername() + ", whose privileges the application role "
					+ this.app + " inherits");
	}

	@Test
	void unforcedTableOwnedByAnotherRoleIsAWarning() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("ALTER TABLE " + table("customers") + " NO FORCE ROW LEVEL SECURITY");
		insertTwoTenants("customers");
		// The app role is still confined; only the owner is not.
		assertThat(appCountsRowsOf("customers", "acme")).isEqualTo(1);

		IsolationReport report = audit();
		assertThat(checks(report))
			.containsExactly(tuple(Severity.WARNING, IsolationCheck.RLS_NOT_FORCED, table("customers")));
		assertThat(report.hasViolations()).isFalse();
		assertThat(report.findings().get(0).problem()).contains("its owner " + this.database.ownerUsername());
	}

	@Test
	void tableWithoutPolicyIsAViolation() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("DROP POLICY tenant_isolation ON " + table("customers"));
		IsolationReport report = audit();
		assertThat(checks(report)).containsExactly(tuple(Severity.ERROR, IsolationCheck.NO_POLICY, table("customers")));
		assertThat(report.findings().get(0).problem()).contains("It has no policy at all.");
		assertThat(report.findings().get(0).fix()).isEqualTo("CREATE POLICY tenant_isolation ON " + table("customers")
				+ " USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), ''));");
	}

	@Test
	void policyForAnotherRoleOnlyDoesNotCount() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("ALTER POLICY tenant_isolation ON " + table("customers") + " TO "
				+ this.database.ownerUsername());
		IsolationReport report = audit();
		assertThat(checks(report)).containsExactly(tuple(Severity.ERROR, IsolationCheck.NO_POLICY, table("customers")));
		assertThat(report.findings().get(0).problem())
			.contains("Its policies are for other roles: tenant_isolation (" + this.database.ownerUsername() + ")");
	}

	@Test
	void policyForAGroupOfTheAppRoleCounts() {
		String group = this.database.name() + "_tenants";
		this.admin.execute("CREATE ROLE " + group + " NOLOGIN");
		this.cleanup.add("DROP ROLE " + group);
		this.admin.execute("GRANT " + group + " TO " + this.app);
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("ALTER POLICY tenant_isolation ON " + table("customers") + " TO " + group);
		assertThat(audit().findings()).isEmpty();
	}

	@Test
	void policyThatDoesNotReadTheTenantSettingIsAViolation() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("DROP POLICY tenant_isolation ON " + table("customers"));
		this.owner.execute("CREATE POLICY everything ON " + table("customers") + " USING (true)");
		IsolationReport report = audit();
		assertThat(checks(report))
			.containsExactly(tuple(Severity.ERROR, IsolationCheck.NO_TENANT_POLICY, table("customers")));
		assertThat(report.findings().get(0).problem())
			.contains("compares tenant_id with current_setting('app.current_tenant_id', true); found: everything.");
		assertThat(report.findings().get(0).fix()).isEqualTo("DROP POLICY everything ON " + table("customers")
				+ ";\nCREATE POLICY tenant_isolation ON " + table("customers")
				+ " USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), ''));");
	}

	@Test
	void policyThatReadsAnotherSettingIsAViolation() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("ALTER POLICY tenant_isolation ON " + table("customers")
				+ " USING (tenant_id = NULLIF(current_setting('app.tenant', true), ''))");
		assertThat(checks(audit()))
			.containsExactly(tuple(Severity.ERROR, IsolationCheck.NO_TENANT_POLICY, table("customers")));
	}

	@Test
	void policyThatComparesAnotherColumnWithTheSettingIsAViolation() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("ALTER POLICY tenant_isolation ON " + table("customers")
				+ " USING (name = NULLIF(current_setting('app.current_tenant_id', true), ''))");
		assertThat(checks(audit()))
			.containsExactly(tuple(Severity.ERROR, IsolationCheck.NO_TENANT_POLICY, table("customers")));
	}

	@Test
	void policyWithAnUnscopedWithCheckIsNotATenantPolicy() {
		ownerRuns(correctTable(table("customers"), this.app));
		// Reads are confined, but the app role may write rows for any tenant.
		this.owner.execute("ALTER POLICY tenant_isolation ON " + table("customers") + " WITH CHECK (true)");
		assertThat(checks(audit()))
			.containsExactly(tuple(Severity.ERROR, IsolationCheck.NO_TENANT_POLICY, table("customers")));
	}

	@Test
	void permissivePolicyNextToTheTenantPolicyOpensTheTable() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("CREATE POLICY reporting ON " + table("customers") + " FOR SELECT USING (true)");
		insertTwoTenants("customers");
		// Permissive policies are OR-ed: the tenant policy no longer confines reads.
		assertThat(appCountsRowsOf("customers", "acme")).isEqualTo(2);

		IsolationReport report = audit();
		assertThat(checks(report))
			.containsExactly(tuple(Severity.ERROR, IsolationCheck.UNSCOPED_POLICY, table("customers")));
		assertThat(report.findings().get(0).problem())
			.startsWith("Permissive policy reporting of " + table("customers")
					+ " applies to the application role for SELECT and does not compare tenant_id");
		assertThat(report.findings().get(0).fix()).isEqualTo("DROP POLICY reporting ON " + table("customers") + ";");
	}

	@Test
	void restrictiveTenantPolicyConfinesAPermissiveOne() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("DROP POLICY tenant_isolation ON " + table("customers"));
		this.owner.execute("CREATE POLICY tenant_isolation ON " + table("customers")
				+ " AS RESTRICTIVE USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), ''))");
		this.owner.execute("CREATE POLICY everything ON " + table("customers") + " USING (true)");
		insertTwoTenants("customers");
		assertThat(appCountsRowsOf("customers", "acme")).isEqualTo(1);
		assertThat(audit().findings()).isEmpty();
	}

	@Test
	void nullableTenantColumnIsAWarning() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("CREATE TABLE " + table("notes") + " (id bigint PRIMARY KEY, tenant_id varchar(48))");
		this.owner.execute("CREATE INDEX ON " + table("notes") + " (tenant_id)");
		ownerRuns(List.of("ALTER TABLE " + table("notes") + " ENABLE ROW LEVEL SECURITY",
				"ALTER TABLE " + table("notes") + " FORCE ROW LEVEL SECURITY",
				"CREATE POLICY tenant_isolation ON " + table("notes")
						+ " USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), ''))"));
		IsolationReport report = audit();
		assertThat(report.tenantTables()).containsExactly(table("customers"), table("notes"));
		assertThat(checks(report))
			.containsExactly(tuple(Severity.WARNING, IsolationCheck.NULLABLE_TENANT_COLUMN, table("notes")));
		assertThat(report.hasViolations()).isFalse();
		assertThat(report.findings().get(0).fix())
			.isEqualTo("ALTER TABLE " + table("notes") + " ALTER COLUMN tenant_id SET NOT NULL;");
	}

	@Test
	void tableWithoutATenantLeadingIndexIsAWarning() {
		List<String> statements = new ArrayList<>(correctTable(table("customers"), this.app));
		statements.set(0, "CREATE TABLE " + table("customers")
				+ " (id bigint PRIMARY KEY, tenant_id varchar(48) NOT NULL, name text)");
		ownerRuns(statements);
		// The tenant column second does not help a tenant's query, nor does a partial index,
		// which holds only some rows.
		this.owner.execute("CREATE INDEX ON " + table("customers") + " (id, tenant_id)");
		this.owner.execute("CREATE INDEX ON " + table("customers") + " (tenant_id) WHERE name IS NOT NULL");
		IsolationReport report = audit();
		assertThat(checks(report))
			.containsExactly(tuple(Severity.WARNING, IsolationCheck.NO_TENANT_INDEX, table("customers")));
		assertThat(report.findings().get(0).fix()).isEqualTo("CREATE INDEX CONCURRENTLY customers_tenant_id_idx ON "
				+ table("customers") + " (tenant_id);");

		this.owner.execute("CREATE INDEX ON " + table("customers") + " (tenant_id, name)");
		assertThat(audit().findings()).isEmpty();
	}

	@Test
	void partitionsAreTenantTablesOfTheirOwn() {
		ownerRuns(List.of(
				"CREATE TABLE " + table("events") + " (id bigint, tenant_id varchar(48) NOT NULL, "
						+ "PRIMARY KEY (tenant_id, id)) PARTITION BY HASH (tenant_id)",
				"CREATE TABLE " + table("events_0") + " PARTITION OF " + table("events")
						+ " FOR VALUES WITH (MODULUS 1, REMAINDER 0)",
				"ALTER TABLE " + table("events") + " ENABLE ROW LEVEL SECURITY",
				"ALTER TABLE " + table("events") + " FORCE ROW LEVEL SECURITY",
				"CREATE POLICY tenant_isolation ON " + table("events")
						+ " USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), ''))",
				"GRANT SELECT ON " + table("events") + ", " + table("events_0") + " TO " + this.app));
		IsolationReport report = audit();
		assertThat(report.tenantTables()).containsExactly(table("events"), table("events_0"));
		// The parent's policies do not apply when the partition is queried directly.
		assertThat(checks(report)).containsExactly(
				tuple(Severity.ERROR, IsolationCheck.RLS_DISABLED, table("events_0")),
				tuple(Severity.ERROR, IsolationCheck.NO_POLICY, table("events_0")));
	}

	@Test
	void eachFixStatementFixesItsFinding() {
		// Everything wrong at once, in a table whose name needs quoting.
		String orders = this.schema + ".\"Order Items\"";
		ownerRuns(List.of("CREATE TABLE " + orders + " (id bigint PRIMARY KEY, tenant_id varchar(48))",
				"CREATE POLICY everything ON " + orders + " USING (true)",
				"CREATE TABLE " + table("customers") + " (id bigint PRIMARY KEY, tenant_id varchar(48) NOT NULL)",
				"CREATE INDEX ON " + table("customers") + " (tenant_id)",
				"ALTER TABLE " + table("customers") + " ENABLE ROW LEVEL SECURITY",
				"ALTER TABLE " + table("customers") + " FORCE ROW LEVEL SECURITY",
				"CREATE POLICY tenant_isolation ON " + table("customers")
						+ " USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), ''))",
				"CREATE POLICY reporting ON " + table("customers") + " FOR SELECT USING (true)"));
		IsolationReport report = audit();
		assertThat(checks(report)).containsExactlyInAnyOrder(
				tuple(Severity.ERROR, IsolationCheck.RLS_DISABLED, this.schema + ".Order Items"),
				tuple(Severity.ERROR, IsolationCheck.NO_TENANT_POLICY, this.schema + ".Order Items"),
				tuple(Severity.ERROR, IsolationCheck.UNSCOPED_POLICY, table("customers")),
				tuple(Severity.WARNING, IsolationCheck.NULLABLE_TENANT_COLUMN, this.schema + ".Order Items"),
				tuple(Severity.WARNING, IsolationCheck.NO_TENANT_INDEX, this.schema + ".Order Items"));

		for (IsolationFinding finding : report.findings()) {
			assertThat(finding.fix()).as(finding.toString()).isNotNull();
			ownerRuns(TenantTableSql.statements(finding.fix()));
		}
		assertThat(audit().findings()).isEmpty();
	}

	@Test
	void superuserIsAViolation() {
		ownerRuns(correctTable(table("customers"), this.app));
		DataSource superuser = TenantTableSql.adminDataSource(this.database);
		IsolationReport report = new IsolationAuditor(superuser, settings().build()).audit();
		assertThat(checks(report)).containsExactly(tuple(Severity.ERROR, IsolationCheck.SUPERUSER, report.role()));
		assertThat(report.findings().get(0).problem()).contains("a superuser. Superusers bypass Row-Level Security");
	}

	@Test
	void bypassRlsRoleIsAViolation() {
		ownerRuns(correctTable(table("customers"), this.app));
		insertTwoTenants("customers");
		String bypass = createLoginRole("bypass", "BYPASSRLS");
		this.owner.execute("GRANT SELECT ON " + table("customers") + " TO " + bypass);
		DataSource bypassing = TenantTableSql.dataSource(this.database, bypass, "secret");
		// No tenant at all, and it still sees every row.
		assertThat(new JdbcTemplate(bypassing).queryForObject("SELECT count(*) FROM " + table("customers"),
				Integer.class)).isEqualTo(2);

		IsolationReport report = new IsolationAuditor(bypassing, settings().build()).audit();
		assertThat(report.role()).isEqualTo(bypass);
		assertThat(checks(report)).containsExactly(tuple(Severity.ERROR, IsolationCheck.BYPASSRLS, bypass));
		assertThat(report.findings().get(0).fix()).isEqualTo("ALTER ROLE " + bypass + " NOBYPASSRLS;");

		this.admin.execute(report.findings().get(0).fix());
		assertThat(new IsolationAuditor(bypassing, settings().build()).audit().findings()).isEmpty();
	}

	@Test
	void membershipInABypassRlsRoleIsAWarningBecauseOnlySetRoleBypasses() {
		ownerRuns(correctTable(table("customers"), this.app));
		insertTwoTenants("customers");
		String bypass = createRole("bypass_group", "NOLOGIN BYPASSRLS");
		this.owner.execute("GRANT SELECT ON " + table("customers") + " TO " + bypass);
		this.admin.execute("GRANT " + bypass + " TO " + this.app);
		// BYPASSRLS is not inherited: as itself the app role is confined...
		assertThat(appCountsRowsOf("customers", "acme")).isEqualTo(1);
		// ...but one SET ROLE away it is not.
		Integer switched = app().execute((ConnectionCallback<Integer>) (connection) -> {
			try (var statement = connection.createStatement()) {
				statement.execute("SET ROLE " + bypass);
				try (var result = statement.executeQuery("SELECT count(*) FROM " + table("customers"))) {
					result.next();
					return result.getInt(1);
				}
			}
		});
		assertThat(switched).isEqualTo(2);

		IsolationReport report = audit();
		assertThat(report.hasViolations()).isFalse();
		assertThat(checks(report))
			.containsExactly(tuple(Severity.WARNING, IsolationCheck.SWITCHABLE_BYPASS_ROLE, this.app));
		assertThat(report.findings().get(0).problem()).contains("can SET ROLE " + bypass + " (BYPASSRLS)");
		assertThat(report.findings().get(0).fix()).isEqualTo("REVOKE " + bypass + " FROM " + this.app + ";");

		this.admin.execute(report.findings().get(0).fix());
		assertThat(audit().findings()).isEmpty();
	}

	@Test
	void loggingInAsABypassRlsRoleAndSwitchingToTheAppRoleIsAWarning() throws Exception {
		ownerRuns(correctTable(table("customers"), this.app));
		insertTwoTenants("customers");
		String login = createLoginRole("login", "BYPASSRLS");
		this.admin.execute("GRANT " + this.app + " TO " + login);
		DataSource loginDataSource = TenantTableSql.dataSource(this.database, login, "secret");
		try (Connection connection = loginDataSource.getConnection()) {
			// As a pool's connection-init-sql would do it.
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET ROLE " + this.app);
			}
			SingleConnectionDataSource switched = new SingleConnectionDataSource(connection, true);
			IsolationReport report = new IsolationAuditor(switched, settings().build()).audit();
			assertThat(report.role()).isEqualTo(this.app);
			assertThat(report.hasViolations()).isFalse();
			assertThat(checks(report))
				.containsExactly(tuple(Severity.WARNING, IsolationCheck.SWITCHABLE_BYPASS_ROLE, this.app));
			assertThat(report.findings().get(0).problem())
				.startsWith("The connection logs in as " + login + " (BYPASSRLS) and runs as " + this.app);
			// What the warning is about: one statement away from every tenant's rows.
			JdbcTemplate jdbc = new JdbcTemplate(switched);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table("customers"), Integer.class)).isZero();
			jdbc.execute("RESET ROLE");
			assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table("customers"), Integer.class)).isEqualTo(2);
		}
	}

	@Test
	void ignoredTablesAreSkippedByNameOrQualifiedName() {
		ownerRuns(correctTable(table("customers"), this.app));
		this.owner.execute("CREATE TABLE " + table("shared_lookup") + " (tenant_id varchar(48))");
		this.owner.execute("CREATE TABLE " + table("legacy") + " (tenant_id varchar(48))");
		IsolationReport report = audit(settings().ignoredTables(List.of("shared_lookup", this.schema + ".legacy")));
		assertThat(report.tenantTables()).containsExactly(table("customers"));
		assertThat(report.findings()).isEmpty();
		// Another schema's table of that name is not ignored by a qualified name.
		assertThat(audit(settings().ignoredTables(List.of("other.legacy"))).tenantTables()).contains(table("legacy"));
	}

	@Test
	void tenantColumnAndSettingNameAreConfigurable() {
		ownerRuns(List.of("CREATE TABLE " + table("sites") + " (org_id text NOT NULL, id int, PRIMARY KEY (org_id, id))",
				"ALTER TABLE " + table("sites") + " ENABLE ROW LEVEL SECURITY",
				"ALTER TABLE " + table("sites") + " FORCE ROW LEVEL SECURITY",
				"CREATE POLICY org ON " + table("sites") + " USING (org_id = current_setting('acme.org', true))"));
		ownerRuns(correctTable(table("customers"), this.app));
		IsolationReport report = audit(settings().tenantColumn("org_id").settingName("acme.org"));
		assertThat(report.tenantTables()).containsExactly(table("sites"));
		assertThat(report.findings()).isEmpty();
		// A policy on the right column that reads another setting does not count.
		assertThat(checks(audit(settings().tenantColumn("org_id"))))
			.containsExactly(tuple(Severity.ERROR, IsolationCheck.NO_TENANT_POLICY, table("sites")));
	}

	@Test
	void withoutConfiguredSchemasTheSearchPathIsAudited() {
		ownerRuns(List.of("CREATE TABLE public.audit_default_path (tenant_id varchar(48) NOT NULL PRIMARY KEY)"));
		this.cleanup.add("DROP TABLE public.audit_default_path");
		ownerRuns(List.of("CREATE TABLE " + table("not_on_path") + " (tenant_id varchar(48) NOT NULL PRIMARY KEY)"));
		IsolationReport report = new IsolationAuditor(this.database.appDataSource()).audit();
		assertThat(report.schemas()).containsExactly("public");
		assertThat(report.tenantTables()).containsExactly("public.audit_default_path");
		assertThat(checks(report)).extracting((finding) -> finding.toList().get(1))
			.containsExactly(IsolationCheck.RLS_DISABLED, IsolationCheck.NO_POLICY);
	}

	@Test
	void missingConfiguredSchemaIsAWarning() {
		ownerRuns(correctTable(table("customers"), this.app));
		IsolationReport report = audit(settings().schemas(List.of(this.schema, "no_such_schema")));
		assertThat(report.schemas()).containsExactly(this.schema);
		assertThat(checks(report))
			.containsExactly(tuple(Severity.WARNING, IsolationCheck.SCHEMA_NOT_FOUND, "no_such_schema"));
	}

	@Test
	void describeListsEveryFindingWithItsFix() {
		ownerRuns(List.of("CREATE TABLE " + table("customers") + " (id bigint PRIMARY KEY, tenant_id varchar(48))",
				"CREATE INDEX ON " + table("customers") + " (tenant_id)",
				"CREATE POLICY tenant_isolation ON " + table("customers")
						+ " USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), ''))"));
		String text = audit().describe();
		assertThat(text).isEqualTo("Tenant isolation audit of role " + this.app + ": 1 tenant table in " + this.schema
				+ ", 1 violation, 1 warning\n"
				+ "  tenant tables: " + table("customers") + "\n"
				+ "  [ERROR] RLS_DISABLED " + table("customers") + ": Row-Level Security is not enabled on "
				+ table("customers") + ": every role that may read it sees the rows of all tenants.\n"
				+ "      fix: ALTER TABLE " + table("customers") + " ENABLE ROW LEVEL SECURITY;\n"
				+ "           ALTER TABLE " + table("customers") + " FORCE ROW LEVEL SECURITY;\n"
				+ "  [WARNING] NULLABLE_TENANT_COLUMN " + table("customers") + ": Column tenant_id of "
				+ table("customers") + " accepts NULL; such rows belong to no tenant and no tenant can see them. "
				+ "Assign or delete them first.\n"
				+ "      fix: ALTER TABLE " + table("customers") + " ALTER COLUMN tenant_id SET NOT NULL;");
	}

	@Test
	void auditsTheApplicationRoleWhateverScopeTheCallerIsIn() {
		ownerRuns(correctTable(table("customers"), this.app));
		// Through the hook, refusing auto-commit tenant statements: the audit must still run,
		// with no tenant, as the application's own role (not the system role).
		RlsDataSource hooked = new RlsDataSource(this.database.appDataSource(),
				RlsSettings.defaults().withAutoCommitPolicy(AutoCommitPolicy.REJECT));
		IsolationAuditor auditor = new IsolationAuditor(hooked, settings().build());
		IsolationReport asTenant = TenantContext.call(TenantId.of("acme"), auditor::audit);
		IsolationReport asSystem = TenantContext.callAsSystem("test: audit from a cross-tenant job", auditor::audit);
		for (IsolationReport report : List.of(asTenant, asSystem)) {
			assertThat(report.role()).isEqualTo(this.app);
			assertThat(report.tenantTables()).containsExactly(table("customers"));
			assertThat(report.hasViolations()).isFalse();
		}
	}

	private IsolationReport audit() {
		return audit(settings());
	}

	private IsolationReport audit(IsolationAuditSettings.Builder settings) {
		return new IsolationAuditor(this.database.appDataSource(), settings.build()).audit();
	}

	private IsolationAuditSettings.Builder settings() {
		return IsolationAuditSettings.builder().schemas(List.of(this.schema));
	}

	private static List<Tuple> checks(IsolationReport report) {
		return report.findings().stream().map((finding) -> tuple(finding.severity(), finding.check(), finding.subject()))
			.toList();
	}

	private String table(String name) {
		return this.schema + "." + name;
	}

	private void ownerRuns(List<String> statements) {
		execute(this.database.ownerDataSource(), statements);
	}

	private JdbcTemplate app() {
		return new JdbcTemplate(this.database.appDataSource());
	}

	/** As the superuser, whom no policy stops. */
	private void insertTwoTenants(String name) {
		this.admin.execute("INSERT INTO " + table(name) + " (tenant_id, name) VALUES ('acme', 'a'), ('globex', 'g')");
	}

	private void insertTwoTenantsAsApp(String name) {
		app().execute("INSERT INTO " + table(name) + " (tenant_id, name) VALUES ('acme', 'a'), ('globex', 'g')");
	}

	/** The app role's count of a table's rows, inside a transaction that carries a tenant. */
	private int appCountsRowsOf(String name, String tenant) {
		Integer count = app().execute((ConnectionCallback<Integer>) (connection) -> {
			connection.setAutoCommit(false);
			try (var statement = connection.createStatement()) {
				statement.execute("SELECT set_config('app.current_tenant_id', '" + tenant + "', true)");
				try (var result = statement.executeQuery("SELECT count(*) FROM " + table(name))) {
					result.next();
					return result.getInt(1);
				}
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(true);
			}
		});
		return (count != null) ? count : -1;
	}

	private String createLoginRole(String suffix, String attributes) {
		return createRole(suffix, "LOGIN PASSWORD 'secret' " + attributes);
	}

	private String createRole(String suffix, String attributes) {
		String role = this.database.name() + "_" + suffix;
		this.admin.execute("CREATE ROLE " + role + " " + attributes);
		this.admin.execute("GRANT CONNECT ON DATABASE " + this.database.name() + " TO " + role);
		this.admin.execute("GRANT USAGE ON SCHEMA " + this.schema + " TO " + role);
		// Runs after the schema is dropped: the remaining privileges, then the role.
		this.cleanup.add("DROP OWNED BY " + role);
		this.cleanup.add("DROP ROLE " + role);
		return role;
	}

}
