package io.dotmac.database.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.actuate.TenantMigrationsEndpoint;
import io.dotmac.database.actuate.TenantMigrationsEndpoint.MigrationsDescriptor;
import io.dotmac.database.actuate.TenantMigrationsEndpoint.TenantDescriptor;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantProvisioner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's view on the real engine and real PostgreSQL: two tenants are provisioned on
 * changelog v1; the application restarts on v2, whose {@code 7-plans} cannot run in globex's
 * schema (a table of that name is already there). With {@code fail-on-error=false} the
 * application starts, and the endpoint, the health indicator and the meters (recorded by the
 * listener the engine collected from the context) all tell the same story.
 */
class MigrationObservabilityIntegrationTests {

	private static final String BASE = "classpath:io/dotmac/database/migration/engine/";

	private TestDatabase database;

	@BeforeEach
	void createDatabase() {
		this.database = TestDatabase.create();
		// Tables that the engine's sample changelogs write to.
		new JdbcTemplate(this.database.ownerDataSource())
			.execute("CREATE TABLE public.applications (schema_name text, change text); CREATE TABLE public.gate (id int)");
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	private ApplicationContextRunner runner(String tenantChangelog) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					ManagementDatabaseAutoConfiguration.class, ReadReplicaAutoConfiguration.class,
					TenancyAutoConfiguration.class, RlsAutoConfiguration.class, SchemaAutoConfiguration.class,
					MigrationAutoConfiguration.class, MigrationEndpointAutoConfiguration.class))
			.withUserConfiguration(Registry.class)
			.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.datasource.username=" + this.database.ownerUsername(),
					"spring.datasource.password=" + this.database.ownerPassword(),
					"dotmac.database.tenancy.strategy=schema", "dotmac.database.migrations.enabled=true",
					"dotmac.database.migrations.fail-on-error=false",
					"dotmac.database.migrations.shared-changelog=" + BASE + "shared.xml",
					"dotmac.database.schema.changelog=" + BASE + tenantChangelog,
					"management.endpoints.web.exposure.include=migrations");
	}

	@Test
	void aTenantThatFailsIsDownInHealthListedByTheEndpointAndCountedInMetrics() {
		runner("tenant-v1.xml").run((context) -> {
			assertThat(context).hasNotFailed();
			TenantProvisioner provisioner = context.getBean(TenantProvisioner.class);
			provisioner.create(TenantId.of("acme"), "Acme");
			provisioner.create(TenantId.of("globex"), "Globex");
			Health health = context.getBean("tenantMigrationsHealthIndicator", HealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(context.getBean(TenantMigrationsEndpoint.class).migrations(null, null, null).states())
				.containsEntry(MigrationState.UP_TO_DATE, 3)
				.containsEntry(MigrationState.FAILED, 0);
		});
		new JdbcTemplate(this.database.ownerDataSource()).execute("CREATE TABLE \"t_globex\".plans (code text)");

		runner("tenant-v2.xml").run((context) -> {
			assertThat(context).hasNotFailed();

			Health health = context.getBean("tenantMigrationsHealthIndicator", HealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("units", 3);
			assertThat(health.getDetails().get("failed")).asList()
				.singleElement()
				.asString()
				.startsWith("app/tenant in schema 't_globex' (tenant globex): ")
				.contains("plans");

			TenantMigrationsEndpoint endpoint = context.getBean(TenantMigrationsEndpoint.class);
			MigrationsDescriptor summary = endpoint.migrations(null, null, null);
			assertThat(summary.states()).containsEntry(MigrationState.UP_TO_DATE, 2)
				.containsEntry(MigrationState.FAILED, 1);
			assertThat(summary.shared()).singleElement()
				.satisfies((unit) -> assertThat(unit.state()).isEqualTo(MigrationState.UP_TO_DATE));
			assertThat(endpoint.migrations(null, null, "failed").tenants()).extracting(TenantDescriptor::tenant)
				.containsExactly("globex");
			TenantDescriptor acme = endpoint.tenant("acme");
			assertThat(acme).isNotNull();
			assertThat(acme.state()).isEqualTo(MigrationState.UP_TO_DATE);
			assertThat(acme.units()).singleElement().satisfies((unit) -> {
				assertThat(unit.schema()).isEqualTo("t_acme");
				assertThat(unit.pending()).isZero();
				assertThat(unit.current()).startsWith("engine/tenant.xml::").endsWith("::test");
				assertThat(unit.lastRunAt()).isNotNull();
				assertThat(unit.lastDurationMillis()).isNotNull();
				assertThat(unit.lastError()).isNull();
			});
			TenantDescriptor globex = endpoint.tenant("globex");
			assertThat(globex).isNotNull();
			assertThat(globex.units().get(0).lastError()).contains("plans");
			assertThat(endpoint.tenant("nobody")).isNull();

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("dotmac.migration.units.failed")
				.tags("operation", "upgrade", "module", "app", "target", "tenant")
				.counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("dotmac.migration.unit")
				.tags("module", "app", "target", "tenant", "outcome", "changed")
				.timer()
				.count()).isEqualTo(1);
			// v2 brings acme's schema forward by changesets 5 to 8; globex's were rolled back.
			assertThat(registry.get("dotmac.migration.changesets.applied")
				.tags("module", "app", "target", "tenant")
				.counter()
				.count()).isEqualTo(4);
			assertThat(registry.get("dotmac.migration.run").tag("outcome", "failure").timer().count()).isEqualTo(1);
			assertThat(registry.get("dotmac.migration.units.remaining").gauge().value()).isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
