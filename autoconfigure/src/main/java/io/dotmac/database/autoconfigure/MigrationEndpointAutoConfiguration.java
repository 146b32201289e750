package io.dotmac.database.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.dotmac.database.actuate.TenantMigrationsEndpoint;
import io.dotmac.database.actuate.TenantMigrationsHealthIndicator;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.metrics.MicrometerMigrationListener;
import io.dotmac.database.tenant.TenantRegistry;

/**
 * The operator's view of tenant-aware migrations, for a {@link TenantMigrations} bean (the
 * engine's, or the user's own): the {@code migrations} actuator endpoint, the
 * {@code tenantMigrations} health indicator and, when a {@link MeterRegistry} bean exists,
 * Micrometer meters through a {@link MicrometerMigrationListener} (a
 * {@code MigrationListener} bean, which the engine collects). Each part needs its library on
 * the class path and backs off when the user defines a bean of the same type (the health
 * indicator: of the same name).
 */
@AutoConfiguration(afterName = { "io.dotmac.database.autoconfigure.MigrationAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBean(TenantMigrations.class)
@EnableConfigurationProperties(MigrationProperties.class)
public final class MigrationEndpointAutoConfiguration {

	MigrationEndpointAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		TenantMigrationsEndpoint tenantMigrationsEndpoint(TenantMigrations migrations,
				ObjectProvider<TenantRegistry> registry) {
			return new TenantMigrationsEndpoint(migrations, registry.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("tenantmigrations")
	static class HealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tenantMigrationsHealthIndicator")
		TenantMigrationsHealthIndicator tenantMigrationsHealthIndicator(TenantMigrations migrations,
				MigrationProperties properties) {
			MigrationProperties.Health health = properties.getHealth();
			try {
				return new TenantMigrationsHealthIndicator(migrations, health.getMaxLaggingUnits(),
						health.getDetailsLimit());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("dotmac.database.migrations.health: " + ex.getMessage(), ex);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MicrometerMigrationListener micrometerMigrationListener(MeterRegistry registry) {
			return new MicrometerMigrationListener(registry);
		}

	}

}
