package io.dotmac.database.autoconfigure;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
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
import org.springframework.core.Ordered;
import org.springframework.jmx.export.MBeanExporter;
import org.springframework.jmx.support.JmxUtils;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.rls.ScopedDataSource;
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
 * A user's own {@link SchemaSettings} bean replaces the one built from
 * {@code dotmac.database.schema.*}; a {@code dataSource} that is hooked already is left
 * alone.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, ReadReplicaAutoConfiguration.class })
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
	static SchemaDataSourceBeanPostProcessor schemaDataSourceBeanPostProcessor(ObjectProvider<SchemaSettings> settings,
			ObjectProvider<MBeanExporter> mbeanExporter) {
		return new SchemaDataSourceBeanPostProcessor(settings, mbeanExporter);
	}

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

	/**
	 * Wraps the application's {@code dataSource} bean in a {@link SchemaDataSource}, after
	 * every other wrapper (the same place as Row-Level Security's hook).
	 */
	static final class SchemaDataSourceBeanPostProcessor implements BeanPostProcessor, Ordered {

		private static final String DATA_SOURCE_BEAN_NAME = "dataSource";

		private final ObjectProvider<SchemaSettings> settings;

		private final ObjectProvider<MBeanExporter> mbeanExporter;

		SchemaDataSourceBeanPostProcessor(ObjectProvider<SchemaSettings> settings,
				ObjectProvider<MBeanExporter> mbeanExporter) {
			this.settings = settings;
			this.mbeanExporter = mbeanExporter;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
			if (!DATA_SOURCE_BEAN_NAME.equals(beanName) || !(bean instanceof DataSource dataSource)
					|| isHooked(dataSource)) {
				return bean;
			}
			this.mbeanExporter.ifAvailable((exporter) -> {
				if (JmxUtils.isMBean(dataSource.getClass())) {
					exporter.registerManagedResource(dataSource, beanName);
				}
			});
			return new SchemaDataSource(dataSource, this.settings.getObject());
		}

		private static boolean isHooked(DataSource dataSource) {
			try {
				return dataSource instanceof ScopedDataSource || dataSource.isWrapperFor(ScopedDataSource.class);
			}
			catch (SQLException ex) {
				return false;
			}
		}

		@Override
		public int getOrder() {
			return RlsAutoConfiguration.RlsDataSourceBeanPostProcessor.ORDER;
		}

	}

}
