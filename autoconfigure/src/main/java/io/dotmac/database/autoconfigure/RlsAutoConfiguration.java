package io.dotmac.database.autoconfigure;

import java.sql.SQLException;
import java.util.function.Function;

import javax.sql.DataSource;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.jmx.export.MBeanExporter;
import org.springframework.jmx.support.JmxUtils;

import io.dotmac.database.rls.RlsDataSource;
import io.dotmac.database.rls.RlsPolicyManager;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.ScopedDataSource;
import io.dotmac.database.rls.RlsTenantStorage;
import io.dotmac.database.tenant.ProvisioningListener;
import io.dotmac.database.tenant.TenantProvisioner;
import io.dotmac.database.tenant.TenantRegistry;
import io.dotmac.database.tenant.TenantSeeder;
import io.dotmac.database.tenant.TenantStorage;

/**
 * Tenant isolation with Row-Level Security: wraps the application's {@code dataSource}
 * bean in an {@link RlsDataSource}, so that every statement, from JPA, Spring Data,
 * {@code JdbcTemplate} or plain JDBC, runs with the current tenant in the PostgreSQL
 * setting that the tenant policies read. Also provides the {@link RlsSettings} built from
 * {@code dotmac.database.rls.*} and an {@link RlsPolicyManager} on the application's
 * DataSource, and the tenant lifecycle: an {@link RlsTenantStorage} (deleting a tenant
 * deletes its rows) under a {@link TenantProvisioner} on the tenant registry.
 * <p>
 * The wrapper goes outside every other wrapper of the starter and of Spring Boot (Boot's
 * lazy-connection proxy and the read/write split of {@link ReadReplicaAutoConfiguration}),
 * so it sees the connection the transaction manager chose, replica included. Hikari
 * metrics and the {@code db} health indicator see through it. A user's own
 * {@link RlsSettings} bean replaces the one built from properties; a {@code dataSource}
 * that is an {@code RlsDataSource} already is left alone. {@code dotmac.database.rls.enabled=false}
 * turns all of it off.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, ReadReplicaAutoConfiguration.class,
		TenancyAutoConfiguration.class })
@ConditionalOnProperty(name = "dotmac.database.tenancy.strategy", havingValue = "rls", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "dotmac.database.rls.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RlsProperties.class)
public final class RlsAutoConfiguration {

	RlsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	RlsSettings rlsSettings(RlsProperties properties) {
		return properties.toSettings();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(DataSource.class)
	RlsPolicyManager rlsPolicyManager(DataSource dataSource, RlsSettings settings) {
		return new RlsPolicyManager(dataSource, settings);
	}

	@Bean
	@ConditionalOnMissingBean(TenantStorage.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	RlsTenantStorage rlsTenantStorage(DataSource dataSource, RlsSettings settings) {
		return new RlsTenantStorage(dataSource, settings);
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

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ScopedDataSourceBeanPostProcessor rlsDataSourceBeanPostProcessor(ObjectProvider<RlsSettings> settings,
			ObjectProvider<MBeanExporter> mbeanExporter) {
		return new ScopedDataSourceBeanPostProcessor(
				(dataSource) -> new RlsDataSource(dataSource, settings.getObject()), mbeanExporter);
	}

	/**
	 * Wraps the application's {@code dataSource} bean in the connection hook of the
	 * isolation strategy ({@link RlsDataSource} here, the schema strategy's
	 * {@code SchemaDataSource} in {@link SchemaAutoConfiguration}), after every other
	 * wrapper, unless it is hooked already.
	 */
	static final class ScopedDataSourceBeanPostProcessor implements BeanPostProcessor, Ordered {

		/**
		 * After Spring Boot's lazy-connection wrapper (order 0) and the read/write split
		 * (order 1), so that the hook sees the connection they chose.
		 */
		static final int ORDER = 10;

		private static final String DATA_SOURCE_BEAN_NAME = "dataSource";

		private final Function<DataSource, ScopedDataSource> hook;

		private final ObjectProvider<MBeanExporter> mbeanExporter;

		ScopedDataSourceBeanPostProcessor(Function<DataSource, ScopedDataSource> hook,
				ObjectProvider<MBeanExporter> mbeanExporter) {
			this.hook = hook;
			this.mbeanExporter = mbeanExporter;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
			if (!DATA_SOURCE_BEAN_NAME.equals(beanName) || !(bean instanceof DataSource dataSource)
					|| isHooked(dataSource)) {
				return bean;
			}
			// Wrapping hides an MBean pool from the exporter's auto-detection; register it
			// as Spring Boot's own lazy-connection wrapper does.
			this.mbeanExporter.ifAvailable((exporter) -> {
				if (JmxUtils.isMBean(dataSource.getClass())) {
					exporter.registerManagedResource(dataSource, beanName);
				}
			});
			return this.hook.apply(dataSource);
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
			return ORDER;
		}

	}

}
