package io.dotmac.database.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jmx.export.MBeanExporter;
import org.springframework.jmx.support.JmxUtils;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import io.dotmac.database.jdbc.DatabaseUrl;
import io.dotmac.database.jdbc.HikariPoolDefaults;
import io.dotmac.database.jdbc.InvalidDatabaseUrlException;

/**
 * Read/write split, the JVM counterpart of the seed's {@code get_read_session} and
 * {@code get_write_session}: when {@code dotmac.database.replica.url} is set, transactions
 * marked {@code @Transactional(readOnly = true)} run on a read replica and everything else
 * on the primary.
 * <p>
 * Nothing is routed by hand. The replica gets its own Hikari pool, bean
 * {@value #REPLICA_DATA_SOURCE_BEAN_NAME}, whose connections are read-only and which gets
 * the same pool defaults as the primary. The application's {@code dataSource} bean (Spring
 * Boot's primary pool) is then wrapped in Spring's {@link LazyConnectionDataSourceProxy}
 * with the replica as its {@link LazyConnectionDataSourceProxy#setReadOnlyDataSource
 * read-only DataSource}. The proxy fetches a physical connection only when the first
 * statement runs, after the transaction manager has marked the transaction read-only, and
 * then takes it from the replica for a read-only transaction and from the primary
 * otherwise. This works with {@code DataSourceTransactionManager} and with
 * {@code JpaTransactionManager} alike. When Boot has already wrapped the pool
 * ({@code spring.datasource.connection-fetch=lazy}), that proxy gets the replica instead of
 * a second layer.
 * <p>
 * Spring Boot sees through the proxy, so Hikari metrics and the {@code db} health
 * indicator keep working for the primary. The replica bean is registered with
 * {@code defaultCandidate = false}, Boot's own pattern for an additional DataSource: it is
 * never injected where a plain {@code DataSource} is asked for, but it can be injected by
 * name and Boot covers it too, with Hikari metrics tagged {@code pool=replica} and a
 * {@code replicaDataSource} entry in the {@code db} health indicator. The pool closes with
 * the application context. A bean named {@value #REPLICA_DATA_SOURCE_BEAN_NAME} of the
 * user's replaces ours; it should hand out read-only connections.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ HikariDataSource.class, LazyConnectionDataSourceProxy.class })
@Conditional(ReadReplicaAutoConfiguration.OnReplicaUrlCondition.class)
@EnableConfigurationProperties({ ReplicaProperties.class, PoolProperties.class })
public final class ReadReplicaAutoConfiguration {

	/** Name of the replica's DataSource bean. */
	public static final String REPLICA_DATA_SOURCE_BEAN_NAME = "replicaDataSource";

	/** Hikari pool name of the replica, and so the {@code pool} tag of its metrics. */
	public static final String REPLICA_POOL_NAME = "replica";

	private static final String REPLICA_URL_PROPERTY = "dotmac.database.replica.url";

	ReadReplicaAutoConfiguration() {
	}

	@Bean(name = REPLICA_DATA_SOURCE_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = REPLICA_DATA_SOURCE_BEAN_NAME)
	@ConfigurationProperties("dotmac.database.replica.hikari")
	HikariDataSource replicaDataSource(ReplicaProperties properties, PoolProperties poolProperties) {
		DatabaseUrl url = replicaUrl(properties);
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setPoolName(REPLICA_POOL_NAME);
		dataSource.setJdbcUrl(url.jdbcUrl());
		dataSource.setUsername(url.username());
		dataSource.setPassword(url.password());
		// DatabaseUrl always yields a PostgreSQL JDBC URL.
		dataSource.setDriverClassName(DatabaseDriver.POSTGRESQL.getDriverClassName());
		// LazyConnectionDataSourceProxy never calls setReadOnly on connections from its
		// read-only DataSource; it expects them to be read-only already. That also makes a
		// write that ends up on the replica fail loudly, even on a replica that would take it.
		dataSource.setReadOnly(true);
		if (properties.getMaximumPoolSize() != null) {
			dataSource.setMaximumPoolSize(properties.getMaximumPoolSize());
		}
		if (poolProperties.isDefaultsEnabled()) {
			HikariPoolDefaults.standard().applyTo(dataSource);
		}
		return dataSource;
	}

	private static DatabaseUrl replicaUrl(ReplicaProperties properties) {
		try {
			DatabaseUrl.Builder url = DatabaseUrl.parse(properties.getUrl()).toBuilder();
			if (properties.getUsername() != null) {
				url.username(properties.getUsername());
			}
			if (properties.getPassword() != null) {
				url.password(properties.getPassword());
			}
			return url.build();
		}
		catch (InvalidDatabaseUrlException ex) {
			throw ex.withOrigin(REPLICA_URL_PROPERTY);
		}
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ReadReplicaDataSourceBeanPostProcessor readReplicaDataSourceBeanPostProcessor(
			ObjectProvider<MBeanExporter> mbeanExporter) {
		return new ReadReplicaDataSourceBeanPostProcessor(mbeanExporter);
	}

	/**
	 * Gives the application's {@code dataSource} bean the replica as its read-only
	 * DataSource, wrapping it in a {@link LazyConnectionDataSourceProxy} unless it is one
	 * already.
	 */
	static final class ReadReplicaDataSourceBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

		/** Directly after Spring Boot's own lazy-connection wrapper, which has order 0. */
		static final int ORDER = 1;

		private static final String DATA_SOURCE_BEAN_NAME = "dataSource";

		private final ObjectProvider<MBeanExporter> mbeanExporter;

		private @Nullable BeanFactory beanFactory;

		ReadReplicaDataSourceBeanPostProcessor(ObjectProvider<MBeanExporter> mbeanExporter) {
			this.mbeanExporter = mbeanExporter;
		}

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
			if (!DATA_SOURCE_BEAN_NAME.equals(beanName) || !(bean instanceof DataSource primary)) {
				return bean;
			}
			Assert.state(this.beanFactory != null, "BeanFactory has not been set");
			DataSource replica = this.beanFactory.getBean(REPLICA_DATA_SOURCE_BEAN_NAME, DataSource.class);
			if (primary instanceof LazyConnectionDataSourceProxy proxy) {
				proxy.setReadOnlyDataSource(replica);
				return proxy;
			}
			// Wrapping hides an MBean pool from the exporter's auto-detection; register it
			// as Spring Boot's own lazy-connection wrapper does.
			this.mbeanExporter.ifAvailable((exporter) -> {
				if (JmxUtils.isMBean(primary.getClass())) {
					exporter.registerManagedResource(primary, beanName);
				}
			});
			LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy(primary);
			proxy.setReadOnlyDataSource(replica);
			return proxy;
		}

		@Override
		public int getOrder() {
			return ORDER;
		}

	}

	/**
	 * Matches when {@code dotmac.database.replica.url} holds text, so that
	 * {@code dotmac.database.replica.url=${REPLICA_URL:}} leaves the split off when the
	 * variable is absent.
	 */
	static final class OnReplicaUrlCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("Read replica");
			String url;
			try {
				url = context.getEnvironment().getProperty(REPLICA_URL_PROPERTY);
			}
			catch (IllegalArgumentException ex) {
				// An unresolvable placeholder: the user meant to set it; let binding report it.
				return ConditionOutcome.match(message.found("property").items(REPLICA_URL_PROPERTY));
			}
			if (!StringUtils.hasText(url)) {
				return ConditionOutcome.noMatch(message.didNotFind("property").items(REPLICA_URL_PROPERTY));
			}
			return ConditionOutcome.match(message.found("property").items(REPLICA_URL_PROPERTY));
		}

	}

}
