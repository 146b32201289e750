package io.dotmac.database.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.jdbc.ManagementDatabase;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantProvisioner;
import io.dotmac.database.tenant.TenantRegistry;
import io.dotmac.database.tenant.TenantStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dual-database layout: with {@code dotmac.database.management.url} the tenant registry
 * (table and rows) lives in the management database, the tenants' schemas in the
 * application's; without it, both in the application's.
 */
class ManagementDatabaseAutoConfigurationTests {

	private static TestDatabase application;

	private static TestDatabase management;

	@BeforeAll
	static void createDatabases() {
		application = TestDatabase.create();
		management = TestDatabase.create();
	}

	@AfterAll
	static void dropDatabases() {
		if (application != null) {
			application.close();
		}
		if (management != null) {
			management.close();
		}
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					ManagementDatabaseAutoConfiguration.class, TenancyAutoConfiguration.class,
					SchemaAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + application.jdbcUrl(),
					"spring.datasource.username=" + application.ownerUsername(),
					"spring.datasource.password=" + application.ownerPassword(),
					"dotmac.database.tenancy.strategy=schema");
	}

	@Test
	void withoutAManagementUrlTheRegistryLivesInTheApplicationsDatabase() {
		try (TestDatabase alone = TestDatabase.create()) {
			assertThat(registryTableIn(alone)).isFalse();
			runner().withPropertyValues("spring.datasource.url=" + alone.jdbcUrl(),
					"spring.datasource.username=" + alone.ownerUsername(),
					"spring.datasource.password=" + alone.ownerPassword())
				.run((context) -> {
					assertThat(context).doesNotHaveBean(ManagementDatabase.class).hasSingleBean(DataSource.class);
					assertThat(registryTableIn(alone)).isTrue();
				});
		}
	}

	@Test
	void theRegistryLivesInTheManagementDatabaseAndTenantDataInTheApplications() {
		runner().withPropertyValues("dotmac.database.management.url=" + management.jdbcUrl(),
				"dotmac.database.management.username=" + management.ownerUsername(),
				"dotmac.database.management.password=" + management.ownerPassword())
			.run((context) -> {
				assertThat(context).hasSingleBean(ManagementDatabase.class).hasSingleBean(DataSource.class);
				assertThat(context.getBean(ManagementDatabase.class).getDataSource())
					.isInstanceOf(HikariDataSource.class);
				assertThat(registryTableIn(management)).isTrue();
				assertThat(registryTableIn(application)).isFalse();
				context.getBean(TenantProvisioner.class).create(TenantId.of("dual"), "Dual");
				assertThat(context.getBean(TenantRegistry.class).find(TenantId.of("dual")))
					.hasValueSatisfying((tenant) -> assertThat(tenant.status()).isEqualTo(TenantStatus.ACTIVE));
				assertThat(new JdbcTemplate(management.ownerDataSource())
					.queryForObject("SELECT count(*) FROM public.dotmac_tenants WHERE id = 'dual'", Integer.class))
					.isEqualTo(1);
				assertThat(new JdbcTemplate(application.ownerDataSource())
					.queryForObject("SELECT count(*) FROM pg_namespace WHERE nspname = 't_dual'", Integer.class))
					.isEqualTo(1);
			});
	}

	private static boolean registryTableIn(TestDatabase database) {
		return Boolean.TRUE.equals(new JdbcTemplate(database.ownerDataSource())
			.queryForObject("SELECT to_regclass('public.dotmac_tenants') IS NOT NULL", Boolean.class));
	}

}
