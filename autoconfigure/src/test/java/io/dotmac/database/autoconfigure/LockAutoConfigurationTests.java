package io.dotmac.database.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Lock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.support.locks.LockRegistry;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.actuate.LocksEndpoint;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.embedded.test.TestRedis;
import io.dotmac.database.lock.AdvisoryLockScope;
import io.dotmac.database.lock.DistributedLock;
import io.dotmac.database.lock.DistributedLocks;
import io.dotmac.database.lock.PostgresAdvisoryLocks;
import io.dotmac.database.lock.RedisDistributedLocks;
import io.dotmac.database.lock.integration.DistributedLockRegistry;
import io.dotmac.database.lock.shedlock.DistributedLocksShedLockProvider;

import static org.assertj.core.api.Assertions.assertThat;

@DotmacTestServers
class LockAutoConfigurationTests {

	private final TestDatabase database;

	private final TestRedis redis;

	LockAutoConfigurationTests(TestDatabase database, TestRedis redis) {
		this.database = database;
		this.redis = redis;
	}

	private ApplicationContextRunner postgresOnly() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LockAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.datasource.username=" + this.database.appUsername(),
					"spring.datasource.password=" + this.database.appPassword());
	}

	private ApplicationContextRunner postgresAndRedis() {
		return postgresOnly().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=" + this.redis.host(),
					"spring.data.redis.port=" + this.redis.port(), "spring.data.redis.database=" + this.redis.database());
	}

	@Test
	void redisIsUsedWhenThereIsARedisConnectionFactory() {
		postgresAndRedis().run((context) -> {
			assertThat(context).hasSingleBean(DistributedLocks.class).hasSingleBean(RedisDistributedLocks.class);
			assertThat(context).hasSingleBean(DistributedLockRegistry.class).hasSingleBean(DistributedLocksShedLockProvider.class);
			try (DistributedLock lock = context.getBean(DistributedLocks.class).tryLock("auto", Duration.ZERO)) {
				assertThat(lock.acquired()).isTrue();
				assertThat(lock.fencingToken()).isPresent();
			}
		});
	}

	@Test
	void postgresqlIsUsedWithoutRedisTransactionScopedOnTheApplicationDataSource() {
		postgresOnly().run((context) -> {
			assertThat(context).hasSingleBean(PostgresAdvisoryLocks.class);
			PostgresAdvisoryLocks locks = context.getBean(PostgresAdvisoryLocks.class);
			assertThat(locks.getScope()).isEqualTo(AdvisoryLockScope.TRANSACTION);
			try (DistributedLock lock = locks.tryLock("auto", Duration.ZERO)) {
				assertThat(lock.acquired()).isTrue();
			}
		});
	}

	@Test
	void postgresqlIsUsedWhenChosenEvenWithRedis() {
		postgresAndRedis().withPropertyValues("dotmac.database.lock.provider=postgresql")
			.run((context) -> assertThat(context).hasSingleBean(DistributedLocks.class)
				.hasSingleBean(PostgresAdvisoryLocks.class));
	}

	@Test
	void redisChosenWithoutAConnectionFactoryStopsStartupWithAClearMessage() {
		postgresOnly().withPropertyValues("dotmac.database.lock.provider=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("dotmac.database.lock.provider=redis needs one RedisConnectionFactory bean");
		});
	}

	@Test
	void withNeitherRedisNorADataSourceThereAreNoLocks() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LockAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DistributedLocks.class)
				.doesNotHaveBean(LockRegistry.class)
				.doesNotHaveBean(LockProvider.class));
	}

	@Test
	void sessionScopeUsesDedicatedConnectionsNotThePool() {
		postgresOnly().withPropertyValues("dotmac.database.lock.postgresql.scope=session").run((context) -> {
			PostgresAdvisoryLocks locks = context.getBean(PostgresAdvisoryLocks.class);
			assertThat(locks.getScope()).isEqualTo(AdvisoryLockScope.SESSION);
			DataSource pool = context.getBean(DataSource.class);
			try (DistributedLock lock = locks.tryLock("session", Duration.ZERO)) {
				assertThat(lock.acquired()).isTrue();
				// The pool was never even started: the lock holds a connection of its own.
				assertThat(pool.unwrap(com.zaxxer.hikari.HikariDataSource.class).isRunning()).isFalse();
			}
		});
	}

	@Test
	void settingsAreBoundAndBadOnesStopStartupNamingTheProperty() {
		postgresAndRedis()
			.withPropertyValues("dotmac.database.lock.namespace=billing", "dotmac.database.lock.tenant-scoped=false",
					"dotmac.database.lock.default-lease=2m", "dotmac.database.lock.max-poll-interval=250ms")
			.run((context) -> {
				RedisDistributedLocks locks = context.getBean(RedisDistributedLocks.class);
				assertThat(locks.getSettings().namespace()).isEqualTo("billing");
				assertThat(locks.getSettings().tenantScoped()).isFalse();
				assertThat(locks.getSettings().defaultLease()).isEqualTo(Duration.ofMinutes(2));
				assertThat(locks.getSettings().maxPollInterval()).isEqualTo(Duration.ofMillis(250));
			});
		postgresOnly().withPropertyValues("dotmac.database.lock.namespace=has space").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(DatabaseValidationException.class)
				.hasStackTraceContaining("dotmac.database.lock: Lock namespace 'has space'");
		});
	}

	@Test
	void disabledMeansNoBeans() {
		postgresAndRedis().withPropertyValues("dotmac.database.lock.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DistributedLocks.class)
				.doesNotHaveBean(LockRegistry.class)
				.doesNotHaveBean(LockProvider.class)
				.doesNotHaveBean(LocksEndpoint.class));
	}

	@Test
	void everyBeanBacksOffForTheUsersOwn() {
		DistributedLocks own = new PostgresAdvisoryLocks(this.database.appDataSource());
		LockRegistry<Lock> ownRegistry = new DistributedLockRegistry(own);
		LockProvider ownProvider = new DistributedLocksShedLockProvider(own);
		postgresAndRedis().withBean(DistributedLocks.class, () -> own)
			.withBean("ownRegistry", LockRegistry.class, () -> ownRegistry)
			.withBean(LockProvider.class, () -> ownProvider)
			.run((context) -> {
				assertThat(context.getBean(DistributedLocks.class)).isSameAs(own);
				assertThat(context.getBean(LockRegistry.class)).isSameAs(ownRegistry);
				assertThat(context.getBean(LockProvider.class)).isSameAs(ownProvider);
			});
	}

	@Test
	void adaptersAreLeftOutWithoutTheirLibraries() {
		postgresOnly().withClassLoader(new FilteredClassLoader(LockRegistry.class, LockProvider.class))
			.run((context) -> assertThat(context).hasSingleBean(DistributedLocks.class)
				.doesNotHaveBean(DistributedLockRegistry.class)
				.doesNotHaveBean(DistributedLocksShedLockProvider.class));
	}

	@Test
	void withoutSpringDataRedisThePostgresqlProviderIsUsed() {
		postgresOnly().withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasSingleBean(PostgresAdvisoryLocks.class));
	}

	@Test
	void theEndpointListsHeldLocksWhenExposed() {
		postgresOnly().withPropertyValues("management.endpoints.web.exposure.include=locks").run((context) -> {
			LocksEndpoint endpoint = context.getBean(LocksEndpoint.class);
			try (DistributedLock lock = context.getBean(DistributedLocks.class).tryLock("listed", Duration.ZERO)) {
				assertThat(endpoint.locks().providers()).singleElement().satisfies((provider) -> {
					assertThat(provider.provider()).isEqualTo("postgresql");
					assertThat(provider.held()).singleElement().satisfies((held) -> assertThat(held.name()).isEqualTo("listed"));
				});
			}
			assertThat(endpoint.locks().providers().get(0).held()).isEmpty();
		});
		postgresOnly().run((context) -> assertThat(context).doesNotHaveBean(LocksEndpoint.class));
	}

	@Test
	void metersRecordAcquisitionsContentionAndHeldLocks() {
		postgresOnly().run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean("dotmacLockMeterBinder", MeterBinder.class).bindTo(registry);
			DistributedLocks locks = context.getBean(DistributedLocks.class);
			try (DistributedLock lock = locks.tryLock("metered", Duration.ZERO)) {
				assertThat(registry.get("dotmac.lock.held").tag("provider", "postgresql").gauge().value()).isEqualTo(1);
				try (DistributedLock refused = new PostgresAdvisoryLocks(this.database.appDataSource()).tryLock("metered",
						Duration.ZERO)) {
					assertThat(refused.acquired()).isFalse();
				}
				try (DistributedLock refused = locks.tryLock("metered", Duration.ofMillis(50))) {
					assertThat(refused.acquired()).isFalse();
				}
			}
			assertThat(registry.get("dotmac.lock.acquire").tags("provider", "postgresql", "outcome", "acquired").timer().count())
				.isEqualTo(1);
			assertThat(registry.get("dotmac.lock.acquire").tags("provider", "postgresql", "outcome", "timeout").timer().count())
				.isEqualTo(1);
			assertThat(registry.get("dotmac.lock.contended").counter().count()).isEqualTo(1);
			assertThat(registry.get("dotmac.lock.held.duration").timer().count()).isEqualTo(1);
			assertThat(registry.get("dotmac.lock.held").gauge().value()).isZero();
		});
	}

	@Test
	void theSpringIntegrationRegistryIsWiredToTheLocks() {
		postgresOnly().run((context) -> {
			@SuppressWarnings("unchecked")
			LockRegistry<Lock> registry = context.getBean(LockRegistry.class);
			Lock lock = registry.obtain("integration");
			assertThat(lock.tryLock()).isTrue();
			try {
				assertThat(context.getBean(DistributedLocks.class).heldLocks()).extracting("name").containsExactly("integration");
			}
			finally {
				lock.unlock();
			}
			assertThat(context.getBean(DistributedLocks.class).heldLocks()).isEmpty();
			assertThat(List.of(registry.obtain("integration"))).containsExactly(lock);
		});
	}

}
