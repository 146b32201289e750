package io.dotmac.database.autoconfigure;


import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.jmx.export.MBeanExporter;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.schema.SchemaTenantStorage;
import io.dotmac.database.schema.TenantSchemaMigrator;
import io.dotmac.database.tenant.ProvisioningListener;
import io.dotmac.database.tenant.TenantProvisioner;
import io.dotmac.database.tenant.TenantRegistry;
import io.dotmac.database.tenant.TenantSeeder;
import io.dotmac.database.tenant.TenantStorage;
import io.dotmac.database.schema.SchemaDataSource;
import io.dotmac.database.schema.SchemaSettings;
import io.dotmac.database.schema.TenantContextIdentifierResolver;
import io.dotmac.database.schema.TenantSchemaConnectionProvider;

/**
 * Tenant isolation with a schema per tenant, when
 * {@code dotmac.database.tenancy.strategy=schema}: wraps the application's {@code dataSource}
 * bean (one shared pool) in a {@link SchemaDataSource}, which points {@code search_path} at
 * the current tenant's schema, and plugs the same routing into Hibernate's multi-tenancy SPI
 * ({@link TenantSchemaConnectionProvider}, {@link TenantContextIdentifierResolver}) so that
 * every Hibernate session knows its tenant. Row-Level Security's hook and audit are off in
 * this strategy.
 * <p>
 * Tenant lifecycle: a {@link SchemaTenantStorage} (schemas created from
 * {@code dotmac.database.schema.changelog}, cloned from a migrated template unless
 * {@code clone-template=false}, as the application's pool or the
 * {@code dotmac.database.schema.provisioning.*} role) and a {@link TenantProvisioner} on the
 * tenant registry, with the application's {@link TenantSeeder} and
 * {@link ProvisioningListener} beans if any.
 * <p>
 * A user's own {@link SchemaSettings}, {@link TenantStorage} or {@link TenantProvisioner}
 * bean replaces ours; a {@code dataSource} that is hooked already is left alone.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, ReadReplicaAutoConfiguration.class,
		TenancyAutoConfiguration.class })
@ConditionalOnProperty(name = "dotmac.database.tenancy.strategy", havingValue = "schema")
@EnableConfigurationProperties(SchemaProperties.class)
public final class SchemaAutoConfiguration {

	SchemaAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	SchemaSettings schemaSettings(SchemaProperties properties) {
		try {
			return properties.toSettings();
		}
		catch (DatabaseValidationException ex) {
			throw new InvalidConfigurationPropertyValueException("dotmac.database.schema",
					properties.getPrefix() + " " + properties.getSharedSchemas(), ex.getMessage());
		}
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static RlsAutoConfiguration.ScopedDataSourceBeanPostProcessor schemaDataSourceBeanPostProcessor(
			ObjectProvider<SchemaSettings> settings, ObjectProvider<MBeanExporter> mbeanExporter) {
		return new RlsAutoConfiguration.ScopedDataSourceBeanPostProcessor(
				(dataSource) -> new SchemaDataSource(dataSource, settings.getObject()), mbeanExporter);
	}

	@Bean
	@ConditionalOnMissingBean(TenantStorage.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	SchemaTenantStorage schemaTenantStorage(DataSource dataSource, SchemaSettings settings,
			SchemaProperties properties, ObjectProvider<JdbcConnectionDetails> connectionDetails,
			ResourceLoader resourceLoader, ObjectProvider<TenantSchemaMigrator> migratorBean) {
		String changelog = properties.getChangelog();
		// The migration engine's migrator when migrations are on (a bean), else Liquibase per schema.
		TenantSchemaMigrator migrator = migratorBean.getIfAvailable(() -> StringUtils.hasText(changelog)
				&& LIQUIBASE_PRESENT ? new TenantSchemaMigrator(changelog, classLoader(resourceLoader)) : null);
		return new SchemaTenantStorage(provisioningDataSource(dataSource, properties, connectionDetails), settings,
				migrator, properties.isCloneTemplate(), emptyToNull(properties.getApplicationRole()));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(TenantRegistry.class)
	@ConditionalOnBean(TenantStorage.class)
	TenantProvisioner tenantProvisioner(TenantRegistry registry, TenantStorage storage,
			ObjectProvider<TenantSeeder> seeder, ObjectProvider<ProvisioningListener> listener) {
		return new TenantProvisioner(registry, storage, seeder.getIfAvailable(),
				listener.getIfAvailable(() -> ProvisioningListener.NONE));
	}

	private static DataSource provisioningDataSource(DataSource dataSource, SchemaProperties properties,
			ObjectProvider<JdbcConnectionDetails> connectionDetails) {
		SchemaProperties.Provisioning provisioning = properties.getProvisioning();
		if (StringUtils.hasText(provisioning.getUsername())) {
			String url = provisioning.getUrl();
			if (!StringUtils.hasText(url)) {
				JdbcConnectionDetails details = connectionDetails.getIfAvailable();
				if (details == null) {
					throw new InvalidConfigurationPropertyValueException("dotmac.database.schema.provisioning.url", url,
							"The provisioning role needs a JDBC URL when the application's is not known");
				}
				url = details.getJdbcUrl();
			}
			return new DriverManagerDataSource(url, provisioning.getUsername(), provisioning.getPassword());
		}
		// The pool under the hook: provisioning works outside any tenant's search_path.
		return (dataSource instanceof DelegatingDataSource hooked && hooked.getTargetDataSource() != null)
				? hooked.getTargetDataSource() : dataSource;
	}

	private static @Nullable String emptyToNull(String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	private static ClassLoader classLoader(ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return (classLoader != null) ? classLoader : SchemaAutoConfiguration.class.getClassLoader();
	}

	private static final boolean LIQUIBASE_PRESENT = ClassUtils.isPresent("liquibase.command.CommandScope",
			SchemaAutoConfiguration.class.getClassLoader());

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer",
			"org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider" })
	static class HibernateMultiTenancyConfiguration {

		@Bean
		HibernatePropertiesCustomizer schemaMultiTenancyHibernatePropertiesCustomizer(
				ObjectProvider<DataSource> dataSource) {
			return (properties) -> {
				properties.putIfAbsent("hibernate.multi_tenant_connection_provider",
						new TenantSchemaConnectionProvider(dataSource.getObject()));
				properties.putIfAbsent("hibernate.tenant_identifier_resolver", new TenantContextIdentifierResolver());
			};
		}

	}

}
