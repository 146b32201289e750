package io.dotmac.database.migration.guard;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.IsolationCheck;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.IsolationFinding.Severity;
import io.dotmac.database.rls.IsolationReport;
import io.dotmac.database.rls.RlsPolicyManager;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.TenantTable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The post-migration validator on real PostgreSQL: one call, one catalog query, every problem
 * of every tenant table of a schema, each naming its table and fix; shared tables and ignored
 * tables left alone; the schema-mode rules.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantGuardValidatorTests {

	private DataSource owner;

	private JdbcTemplate jdbc;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.owner = database.ownerDataSource();
		this.jdbc = new JdbcTemplate(this.owner);
	}

	@Test
	void findsEveryProblemOfEveryTenantTableWithOneQuery() throws Exception {
		this.jdbc.execute("CREATE SCHEMA mixed");
		// Set up by the library's own setup: no finding.
		this.jdbc.execute("CREATE TABLE mixed.good (id bigint PRIMARY KEY, tenant_id varchar(48) NOT NULL, "
				+ "email text, UNIQUE (tenant_id, email))");
		isolate("good");
		// A shared table: no tenant column, no policy. Not a tenant table.
		this.jdbc.execute("CREATE TABLE mixed.plans (id bigint PRIMARY KEY, name text UNIQUE)");
		// Ignored by default: the starter's own tables.
		this.jdbc.execute("CREATE TABLE mixed.dotmac_migration_state (tenant_id text, module text UNIQUE)");
		// Row-Level Security and a policy, but no tenant column.
		this.jdbc.execute("CREATE TABLE mixed.no_column (id bigint PRIMARY KEY, owner_id text)");
		this.jdbc.execute("ALTER TABLE mixed.no_column ENABLE ROW LEVEL SECURITY");
		this.jdbc.execute("ALTER TABLE mixed.no_column FORCE ROW LEVEL SECURITY");
		this.jdbc.execute("CREATE POLICY p ON mixed.no_column USING (owner_id = current_user)");
		// Nullable, mistyped column, no index, a unique constraint without it, no RLS at all.
		this.jdbc.execute("CREATE TABLE mixed.sloppy (id bigint PRIMARY KEY, tenant_id varchar(10), email text UNIQUE)");
		// Isolated but not forced, no tenant index.
		this.jdbc.execute("CREATE TABLE mixed.unforced (id bigint PRIMARY KEY, tenant_id text NOT NULL)");
		this.jdbc.execute("ALTER TABLE mixed.unforced ENABLE ROW LEVEL SECURITY");
		this.jdbc.execute("CREATE POLICY p ON mixed.unforced USING (tenant_id = current_setting('app.current_tenant_id'))");
		this.jdbc.execute("CREATE INDEX ON mixed.unforced (tenant_id)");

		List<String> statements = new ArrayList<>();
		IsolationReport report;
		try (Connection connection = this.owner.getConnection()) {
			report = validator(TenantGuardSettings.defaults()).validate(counting(connection, statements), List.of("mixed"));
		}

		assertThat(statements).containsExactly("prepareStatement");
		assertThat(report.tenantTables()).containsExactly("mixed.good", "mixed.no_column", "mixed.sloppy",
				"mixed.unforced");
		assertThat(report.findings()).extracting(IsolationFinding::severity, IsolationFinding::check,
				IsolationFinding::subject)
			.containsExactlyInAnyOrder(tuple(Severity.ERROR, IsolationCheck.MISSING_TENANT_COLUMN, "mixed.no_column"),
					tuple(Severity.ERROR, IsolationCheck.NO_TENANT_POLICY, "mixed.no_column"),
					tuple(Severity.ERROR, IsolationCheck.TENANT_COLUMN_TYPE, "mixed.sloppy"),
					tuple(Severity.WARNING, IsolationCheck.NULLABLE_TENANT_COLUMN, "mixed.sloppy"),
					tuple(Severity.WARNING, IsolationCheck.NO_TENANT_INDEX, "mixed.sloppy"),
					tuple(Severity.ERROR, IsolationCheck.UNIQUE_WITHOUT_TENANT, "mixed.sloppy"),
					tuple(Severity.ERROR, IsolationCheck.RLS_DISABLED, "mixed.sloppy"),
					tuple(Severity.ERROR, IsolationCheck.NO_TENANT_POLICY, "mixed.sloppy"),
					tuple(Severity.ERROR, IsolationCheck.RLS_NOT_FORCED, "mixed.unforced"));
		assertThat(report.findings()).allSatisfy((finding) -> {
			assertThat(finding.problem()).contains(finding.subject());
			assertThat(finding.fix()).contains(finding.subject());
		});
		assertThat(report.role()).isEqualTo(this.jdbc.queryForObject("SELECT current_user", String.class));
		assertThat(report.describe()).contains("mixed.sloppy").contains("fix: ALTER TABLE mixed.unforced FORCE ROW LEVEL SECURITY;");
	}

	@Test
	void theFixesRepairTheTables() throws Exception {
		this.jdbc.execute("CREATE SCHEMA repaired");
		this.jdbc.execute("CREATE TABLE repaired.orders (id bigint PRIMARY KEY, tenant_id text, code text UNIQUE)");
		this.jdbc.execute("ALTER TABLE repaired.orders ENABLE ROW LEVEL SECURITY");
		TenantGuardValidator validator = validator(TenantGuardSettings.defaults());
		IsolationReport report;
		try (Connection connection = this.owner.getConnection()) {
			report = validator.validate(connection, List.of("repaired"));
		}
		assertThat(report.findings()).hasSize(5);
		for (IsolationFinding finding : report.findings()) {
			this.jdbc.execute(finding.fix());
		}
		try (Connection connection = this.owner.getConnection()) {
			assertThat(validator.validate(connection, List.of("repaired")).findings()).isEmpty();
		}
	}

	@Test
	void extraIgnoredTablesAreSkipped() throws Exception {
		this.jdbc.execute("CREATE SCHEMA ignoring");
		this.jdbc.execute("CREATE TABLE ignoring.audit_log (tenant_id text, entry text)");
		this.jdbc.execute("CREATE TABLE ignoring.events (tenant_id text, entry text)");
		try (Connection connection = this.owner.getConnection()) {
			IsolationReport report = validator(TenantGuardSettings.defaults().ignoring(List.of("ignoring.audit_*")))
				.validate(connection, List.of("ignoring"));
			assertThat(report.tenantTables()).containsExactly("ignoring.events");
		}
	}

	@Test
	void inSchemaModeTablesNeedNoTenantColumnButMustNotHaveRowLevelSecurity() throws Exception {
		this.jdbc.execute("CREATE SCHEMA \"t_acme-1\"");
		this.jdbc.execute("CREATE TABLE \"t_acme-1\".customers (id bigint PRIMARY KEY, email text UNIQUE)");
		this.jdbc.execute("CREATE TABLE \"t_acme-1\".orders (id bigint PRIMARY KEY, tenant_id text NOT NULL)");
		this.jdbc.execute("ALTER TABLE \"t_acme-1\".orders ENABLE ROW LEVEL SECURITY");
		try (Connection connection = this.owner.getConnection()) {
			IsolationReport report = validator(
					TenantGuardSettings.defaults().withMode(TenantIsolationMode.SCHEMA_PER_TENANT))
				.validate(connection, List.of("t_acme-1"));
			assertThat(report.tenantTables()).containsExactly("t_acme-1.customers", "t_acme-1.orders");
			assertThat(report.findings()).extracting(IsolationFinding::check, IsolationFinding::subject)
				.containsExactly(tuple(IsolationCheck.RLS_WITHOUT_TENANT_SETTING, "t_acme-1.orders"));
			assertThat(report.findings().get(0).fix()).contains("ALTER TABLE \"t_acme-1\".orders DISABLE ROW LEVEL SECURITY;");
		}
	}

	@Test
	void aSchemaWithoutTenantTablesHasNoFindings() throws Exception {
		this.jdbc.execute("CREATE SCHEMA shared_only");
		this.jdbc.execute("CREATE TABLE shared_only.plans (id bigint PRIMARY KEY, name text UNIQUE)");
		try (Connection connection = this.owner.getConnection()) {
			IsolationReport report = validator(TenantGuardSettings.defaults()).validate(connection,
					List.of("shared_only"));
			assertThat(report.tenantTables()).isEmpty();
			assertThat(report.findings()).isEmpty();
		}
	}

	private void isolate(String table) {
		new RlsPolicyManager(this.owner, RlsSettings.defaults().withSystemRole(null))
			.enableTenantRls(TenantTable.of(table).inSchema("mixed"));
	}

	private static TenantGuardValidator validator(TenantGuardSettings settings) {
		return new TenantGuardValidator(settings);
	}

	/** A connection that records which statement-creating methods were called on it. */
	private static Connection counting(Connection connection, List<String> calls) {
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
						calls.add(method.getName());
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
