package io.dotmac.database.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.dotmac.database.actuate.FixedTenantMigrations;
import io.dotmac.database.actuate.TenantMigrationsEndpoint;
import io.dotmac.database.actuate.TenantMigrationsHealthIndicator;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.metrics.MicrometerMigrationListener;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MigrationEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=migrations");

	@Test
	void backsOffWithoutTenantMigrations() {
		this.runner.withUserConfiguration(Registry.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(TenantMigrationsEndpoint.class)
				.doesNotHaveBean(TenantMigrationsHealthIndicator.class)
				.doesNotHaveBean(MigrationListener.class);
		});
	}

	@Test
	void endpointAndHealthForTheTenantMigrationsBean() {
		this.runner.withUserConfiguration(Migrations.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(TenantMigrationsEndpoint.class)
				.hasBean("tenantMigrationsHealthIndicator")
				// No registry, no meters.
				.doesNotHaveBean(MicrometerMigrationListener.class);
			// Defaults: any failed or lagging unit is DOWN.
			assertThat(context.getBean(MigrationProperties.class).getHealth().getMaxLaggingUnits()).isZero();
			assertThat(context.getBean(MigrationProperties.class).getHealth().getDetailsLimit()).isEqualTo(5);
			HealthIndicator health = context.getBean("tenantMigrationsHealthIndicator", HealthIndicator.class);
			assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
			assertThat(context.getBean(TenantMigrationsEndpoint.class).tenant("acme")).isNotNull();
		});
	}

	@Test
	void healthFollowsItsProperties() {
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("dotmac.database.migrations.health.max-lagging-units=1",
					"dotmac.database.migrations.health.details-limit=1")
			.run((context) -> {
				HealthIndicator health = context.getBean("tenantMigrationsHealthIndicator", HealthIndicator.class);
				// One pending unit is tolerated now.
				assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
			});
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("dotmac.database.migrations.health.max-lagging-units=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("maxLaggingUnits must not be negative"));
	}

	@Test
	void healthIndicatorCanBeSwitchedOffAndReplaced() {
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("management.health.tenantmigrations.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TenantMigrationsHealthIndicator.class)
				.hasSingleBean(TenantMigrationsEndpoint.class));
		this.runner.withUserConfiguration(Migrations.class, OwnHealth.class).run((context) -> {
			assertThat(context).hasSingleBean(HealthIndicator.class);
			assertThat(context.getBean("tenantMigrationsHealthIndicator")).isSameAs(OwnHealth.INDICATOR);
		});
	}

	@Test
	void endpointCanBeSwitchedOffAndNeedsActuator() {
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("management.endpoint.migrations.access=NONE")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TenantMigrationsEndpoint.class));
		// Like every endpoint, not there until exposed.
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TenantMigrationsEndpoint.class));
		this.runner.withUserConfiguration(Migrations.class)
			.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class, MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TenantMigrationsEndpoint.class)
				.doesNotHaveBean(TenantMigrationsHealthIndicator.class)
				.doesNotHaveBean(MicrometerMigrationListener.class));
	}

	@Test
	void metricsListenerWhenARegistryExists() {
		this.runner.withUserConfiguration(Migrations.class, Registry.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(MicrometerMigrationListener.class);
			// A MigrationListener bean, which the engine collects by type.
			assertThat(context.getBeansOfType(MigrationListener.class)).hasSize(1);
			assertThat(context.getBean(MeterRegistry.class).find("dotmac.migration.units.remaining").gauge())
				.isNotNull();
		});
	}

	@Test
	void metricsListenerWithBootsOwnMeterRegistry() {
		// Listed before Boot's metrics auto-configuration on purpose: the ordering must come from
		// afterName, or the registry would not exist yet when the condition is evaluated.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MigrationEndpointAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.withUserConfiguration(Migrations.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(MicrometerMigrationListener.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(MicrometerMigrationListener.class)
					.runFinished(MigrationOperation.UPGRADE,
							new MigrationReport(java.util.List.of(), java.time.Duration.ofMillis(7)));
				assertThat(registry.get("dotmac.migration.run").tag("outcome", "success").timer().count())
					.isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Migrations {

		@Bean
		TenantMigrations tenantMigrations() {
			return new FixedTenantMigrations().shared(MigrationState.UP_TO_DATE)
				.tenant("acme", MigrationState.UP_TO_DATE, null)
				.tenant("globex", MigrationState.PENDING, null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHealth {

		static final HealthIndicator INDICATOR = () -> org.springframework.boot.health.contributor.Health.up().build();

		@Bean
		HealthIndicator tenantMigrationsHealthIndicator() {
			return INDICATOR;
		}

	}

}
