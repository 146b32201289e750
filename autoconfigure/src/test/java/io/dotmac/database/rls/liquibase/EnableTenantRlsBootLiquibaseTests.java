package io.dotmac.database.rls.liquibase;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.autoconfigure.RlsAutoConfiguration;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.embedded.test.TestServers;
import io.dotmac.database.rls.RlsPolicyManager;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change type inside a Spring Boot application: Boot's Liquibase integration runs the
 * changelog as the owner role ({@code spring.liquibase.user}) at startup, the application
 * connects as the application role, and the tenant column is the only thing between
 * tenants.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnableTenantRlsBootLiquibaseTests {

	private TestDatabase database;

	private String systemRole;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
		this.systemRole = database.name() + "_sys";
		new RlsPolicyManager(admin(), RlsSettings.defaults().withSystemRole(this.systemRole))
			.createSystemRole(database.appUsername());
	}

	@AfterAll
	void tearDown() {
		JdbcTemplate admin = new JdbcTemplate(admin());
		admin.execute("DROP OWNED BY " + this.systemRole);
		admin.execute("DROP ROLE " + this.systemRole);
	}

	@Test
	void bootRunsTheChangelogAsTheOwnerAndTheApplicationRoleIsIsolated() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, RlsAutoConfiguration.class,
					LiquibaseAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.datasource.username=" + this.database.appUsername(),
					"spring.datasource.password=" + this.database.appPassword(),
					"spring.liquibase.user=" + this.database.ownerUsername(),
					"spring.liquibase.password=" + this.database.ownerPassword(),
					"spring.liquibase.change-log=classpath:db/rls/boot-changelog.yaml",
					"spring.liquibase.parameters.appRole=" + this.database.appUsername(),
					"spring.liquibase.parameters.systemRole=" + this.systemRole,
					"dotmac.database.rls.system-role=" + this.systemRole)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				TenantContext.run(TenantId.of("acme"),
						() -> jdbc.update("INSERT INTO invoices (tenant_id, number) VALUES ('acme', 'A-1')"));
				TenantContext.run(TenantId.of("globex"),
						() -> jdbc.update("INSERT INTO invoices (tenant_id, number) VALUES ('globex', 'G-1')"));
				assertThat(TenantContext.call(TenantId.of("acme"),
						() -> jdbc.queryForList("SELECT number FROM invoices", String.class)))
					.containsExactly("A-1");
				assertThat(jdbc.queryForList("SELECT number FROM invoices", String.class)).isEmpty();
				assertThat(TenantContext.callAsSystem("report",
						() -> jdbc.queryForList("SELECT number FROM invoices ORDER BY number", String.class)))
					.containsExactly("A-1", "G-1");
			});
	}

	private javax.sql.DataSource admin() {
		var server = TestServers.postgres();
		org.postgresql.ds.PGSimpleDataSource admin = new org.postgresql.ds.PGSimpleDataSource();
		admin.setURL(this.database.jdbcUrl());
		admin.setUser(server.adminUsername());
		admin.setPassword(server.adminPassword());
		return admin;
	}

}
