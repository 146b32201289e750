package io.dotmac.database.migration.guard;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.rls.IsolationCheck;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The guard hook inside a unit's transaction, as the engine calls it: with validation
 * required, a unit that leaves a tenant table unprotected fails and its DDL rolls back;
 * without, it commits.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantGuardHookTests {

	private static final List<ChangeSetRef> APPLIED = List
		.of(new ChangeSetRef("1-orders", "dotmac-test", "db/tenant/changelog.yaml"));

	private DataSource owner;

	private JdbcTemplate jdbc;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.owner = database.ownerDataSource();
		this.jdbc = new JdbcTemplate(this.owner);
	}

	@Test
	void requiredValidationFailsTheUnitAndItsWorkRollsBack() throws Exception {
		this.jdbc.execute("CREATE SCHEMA required");
		TenantGuardHook hook = new TenantGuardHook(new TenantGuardValidator(TenantGuardSettings.defaults()), true);
		MigrationUnit unit = new MigrationUnit("app", MigrationTarget.TENANT, "required", null);
		try (Connection connection = this.owner.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE required.orders (id bigint PRIMARY KEY, tenant_id text NOT NULL)");
			}
			assertThatExceptionOfType(TenantGuardException.class)
				.isThrownBy(() -> hook.afterUnit(unit, APPLIED, connection))
				.satisfies((ex) -> {
					assertThat(ex.getMessage()).contains("Tenant guards found 3 problems after app/tenant in schema "
							+ "'required' (1 changeset applied, last db/tenant/changelog.yaml::1-orders::dotmac-test)")
						.contains("RLS_DISABLED required.orders")
						.contains("fix: ALTER TABLE required.orders ENABLE ROW LEVEL SECURITY;")
						.contains("NO_TENANT_INDEX required.orders")
						.contains("dotmac.database.migrations.policy.require-validation=false");
					assertThat(ex.getReport().violations()).extracting((finding) -> finding.check())
						.containsExactlyInAnyOrder(IsolationCheck.RLS_DISABLED, IsolationCheck.NO_TENANT_POLICY);
				});
			connection.rollback();
		}
		assertThat(this.jdbc.queryForObject("SELECT to_regclass('required.orders') IS NULL", Boolean.class)).isTrue();
	}

	@Test
	void withoutRequiredValidationTheUnitCommits() throws Exception {
		this.jdbc.execute("CREATE SCHEMA lenient");
		TenantGuardHook hook = new TenantGuardHook(new TenantGuardValidator(TenantGuardSettings.defaults()), false);
		MigrationUnit unit = new MigrationUnit("app", MigrationTarget.TENANT, "lenient", TenantId.of("acme"));
		try (Connection connection = this.owner.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE lenient.orders (id bigint PRIMARY KEY, tenant_id text NOT NULL)");
			}
			assertThatNoException().isThrownBy(() -> hook.afterUnit(unit, APPLIED, connection));
			connection.commit();
		}
		assertThat(this.jdbc.queryForObject("SELECT to_regclass('lenient.orders') IS NOT NULL", Boolean.class)).isTrue();
	}

	@Test
	void aGuardedUnitPasses() throws Exception {
		this.jdbc.execute("CREATE SCHEMA guarded");
		this.jdbc.execute("CREATE TABLE guarded.orders (id bigint PRIMARY KEY, tenant_id text NOT NULL)");
		this.jdbc.execute("CREATE INDEX ON guarded.orders (tenant_id)");
		this.jdbc.execute("ALTER TABLE guarded.orders ENABLE ROW LEVEL SECURITY");
		this.jdbc.execute("ALTER TABLE guarded.orders FORCE ROW LEVEL SECURITY");
		this.jdbc.execute("CREATE POLICY p ON guarded.orders USING (tenant_id = current_setting('app.current_tenant_id'))");
		TenantGuardHook hook = new TenantGuardHook(new TenantGuardValidator(TenantGuardSettings.defaults()), true);
		try (Connection connection = this.owner.getConnection()) {
			assertThatNoException().isThrownBy(() -> hook.afterUnit(
					new MigrationUnit("app", MigrationTarget.SHARED, "guarded", null), APPLIED, connection));
		}
	}

	@Test
	void inSchemaModeSharedUnitsAreNotCheckedAndTenantUnitsAre() throws Exception {
		this.jdbc.execute("CREATE SCHEMA schema_mode");
		this.jdbc.execute("CREATE TABLE schema_mode.orders (id bigint PRIMARY KEY)");
		this.jdbc.execute("ALTER TABLE schema_mode.orders ENABLE ROW LEVEL SECURITY");
		TenantGuardHook hook = new TenantGuardHook(new TenantGuardValidator(
				TenantGuardSettings.defaults().withMode(TenantIsolationMode.SCHEMA_PER_TENANT)), true);
		try (Connection connection = this.owner.getConnection()) {
			assertThatNoException().isThrownBy(() -> hook.afterUnit(
					new MigrationUnit("app", MigrationTarget.SHARED, "schema_mode", null), APPLIED, connection));
			assertThatExceptionOfType(TenantGuardException.class).isThrownBy(() -> hook.afterUnit(
					new MigrationUnit("app", MigrationTarget.TENANT, "schema_mode", TenantId.of("acme")), APPLIED,
					connection))
				.withMessageContaining("RLS_WITHOUT_TENANT_SETTING schema_mode.orders");
		}
	}

}
