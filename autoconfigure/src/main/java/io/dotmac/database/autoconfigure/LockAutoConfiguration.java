package io.dotmac.database.autoconfigure;

import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.javacrumbs.shedlock.core.LockProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AllNestedConditions;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.actuate.LocksEndpoint;
import io.dotmac.database.lock.AbstractDistributedLocks;
import io.dotmac.database.lock.AdvisoryLockScope;
import io.dotmac.database.lock.DistributedLocks;
import io.dotmac.database.lock.LockSettings;
import io.dotmac.database.lock.MicrometerLockListener;
import io.dotmac.database.lock.PostgresAdvisoryLocks;
import io.dotmac.database.lock.RedisDistributedLocks;
import io.dotmac.database.lock.integration.DistributedLockRegistry;
import io.dotmac.database.lock.shedlock.DistributedLocksShedLockProvider;

/**
 * Distributed locks: one {@link DistributedLocks} bean, on Redis when a
 * {@link RedisConnectionFactory} bean exists and otherwise on PostgreSQL advisory locks
 * ({@code dotmac.database.lock.provider} chooses explicitly), plus, where their libraries are
 * on the class path, a Spring Integration {@code LockRegistry}, a ShedLock {@code LockProvider},
 * the {@code locks} actuator endpoint and Micrometer meters. Every bean backs off when the user
 * defines one of the same type.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "dotmac.database.lock.enabled", matchIfMissing = true)
@Conditional(LockAutoConfiguration.LockBackendCondition.class)
@EnableConfigurationProperties(LockProperties.class)
public final class LockAutoConfiguration {

	private static final String PROVIDER_PROPERTY = "dotmac.database.lock.provider";

	LockAutoConfiguration() {
	}

	private static LockSettings settings(LockProperties properties) {
		try {
			return properties.toSettings();
		}
		catch (DatabaseValidationException ex) {
			throw new DatabaseValidationException("dotmac.database.lock: " + ex.getMessage(), ex);
		}
	}

	/**
	 * There is something to lock with: the user's own locks, a Redis connection factory or a
	 * data source (from earlier auto-configurations, so that every nested configuration below
	 * can rely on a {@code DistributedLocks} bean).
	 */
	static final class LockBackendCondition extends AnyNestedCondition {

		LockBackendCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(DistributedLocks.class)
		static final class OwnLocks {

		}

		@ConditionalOnBean(type = "org.springframework.data.redis.connection.RedisConnectionFactory")
		static final class Redis {

		}

		@ConditionalOnSingleCandidate(DataSource.class)
		static final class Jdbc {

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@Conditional(RedisLocksConfiguration.RedisProviderCondition.class)
	static class RedisLocksConfiguration {

		@Bean
		@ConditionalOnMissingBean(DistributedLocks.class)
		RedisDistributedLocks redisDistributedLocks(ObjectProvider<RedisConnectionFactory> connectionFactory,
				LockProperties properties) {
			RedisConnectionFactory factory = connectionFactory.getIfUnique();
			if (factory == null) {
				throw new DatabaseValidationException("dotmac.database.lock.provider=redis needs one "
						+ "RedisConnectionFactory bean (spring-boot-starter-data-redis and spring.data.redis.*)");
			}
			return new RedisDistributedLocks(factory, settings(properties));
		}

		static final class RedisProviderCondition extends AnyNestedCondition {

			RedisProviderCondition() {
				super(ConfigurationPhase.REGISTER_BEAN);
			}

			@ConditionalOnProperty(name = PROVIDER_PROPERTY, havingValue = "redis")
			static final class Chosen {

			}

			@Conditional(AutoWithRedis.class)
			static final class Auto {

			}

			static final class AutoWithRedis extends AllNestedConditions {

				AutoWithRedis() {
					super(ConfigurationPhase.REGISTER_BEAN);
				}

				@ConditionalOnProperty(name = PROVIDER_PROPERTY, havingValue = "auto", matchIfMissing = true)
				static final class AutoChosen {

				}

				@ConditionalOnBean(RedisConnectionFactory.class)
				static final class RedisPresent {

				}

			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(DataSource.class)
	@Conditional(PostgresLocksConfiguration.PostgresProviderCondition.class)
	static class PostgresLocksConfiguration {

		@Bean
		@ConditionalOnMissingBean(DistributedLocks.class)
		PostgresAdvisoryLocks postgresAdvisoryLocks(DataSource dataSource, LockProperties properties,
				ObjectProvider<JdbcConnectionDetails> connectionDetails) {
			AdvisoryLockScope scope = properties.getPostgresql().getScope();
			DataSource lockDataSource = (scope == AdvisoryLockScope.SESSION)
					? dedicatedConnections(connectionDetails::getIfAvailable) : dataSource;
			return new PostgresAdvisoryLocks(lockDataSource, settings(properties), scope);
		}

		/** Session locks need connections of their own, never a pool's. */
		private static DataSource dedicatedConnections(Supplier<JdbcConnectionDetails> connectionDetails) {
			JdbcConnectionDetails details = connectionDetails.get();
			if (details == null) {
				throw new DatabaseValidationException("dotmac.database.lock.postgresql.scope=session needs the "
						+ "application's JDBC connection details (spring.datasource.url and credentials) to open "
						+ "dedicated connections; define a DistributedLocks bean yourself otherwise");
			}
			DriverManagerDataSource dataSource = new DriverManagerDataSource(details.getJdbcUrl(), details.getUsername(),
					details.getPassword());
			return dataSource;
		}

		static final class PostgresProviderCondition extends AnyNestedCondition {

			PostgresProviderCondition() {
				super(ConfigurationPhase.REGISTER_BEAN);
			}

			@ConditionalOnProperty(name = PROVIDER_PROPERTY, havingValue = "postgresql")
			static final class Chosen {

			}

			@Conditional(AutoWithoutRedis.class)
			static final class Auto {

			}

			static final class AutoWithoutRedis extends AllNestedConditions {

				AutoWithoutRedis() {
					super(ConfigurationPhase.REGISTER_BEAN);
				}

				@ConditionalOnProperty(name = PROVIDER_PROPERTY, havingValue = "auto", matchIfMissing = true)
				static final class AutoChosen {

				}

				@ConditionalOnMissingBean(type = "org.springframework.data.redis.connection.RedisConnectionFactory")
				static final class NoRedis {

				}

			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LockRegistry.class)
	static class SpringIntegrationConfiguration {

		@Bean
		@ConditionalOnMissingBean(LockRegistry.class)
		DistributedLockRegistry distributedLockRegistry(DistributedLocks locks) {
			return new DistributedLockRegistry(locks);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LockProvider.class)
	static class ShedLockConfiguration {

		@Bean
		@ConditionalOnMissingBean(LockProvider.class)
		DistributedLocksShedLockProvider distributedLocksShedLockProvider(DistributedLocks locks) {
			return new DistributedLocksShedLockProvider(locks);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "dotmacLockMeterBinder")
		MeterBinder dotmacLockMeterBinder(ObjectProvider<DistributedLocks> locks) {
			return (registry) -> locks.orderedStream()
				.filter(AbstractDistributedLocks.class::isInstance)
				.forEach((provider) -> MicrometerLockListener.bind(registry, (AbstractDistributedLocks) provider));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		LocksEndpoint locksEndpoint(ObjectProvider<DistributedLocks> locks) {
			return new LocksEndpoint(locks.orderedStream().toList());
		}

	}

}
