package io.dotmac.database.autoconfigure;

import java.sql.Connection;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.jdbc.InvalidDatabaseUrlException;

import static org.assertj.core.api.Assertions.assertThat;

class ReadReplicaAutoConfigurationTests {

	private static final String MARKER_QUERY = "SELECT label FROM marker WHERE id = 1";

	private static TestDatabase primary;

	private static TestDatabase replica;

	@BeforeAll
	static void createDatabases() {
		primary = TestDatabase.create();
		replica = TestDatabase.create();
		Markers.create(primary, Markers.PRIMARY);
		Markers.create(replica, Markers.REPLICA);
	}

	@AfterAll
	static void dropDatabases() {
		if (primary != null) {
			primary.close();
		}
		if (replica != null) {
			replica.close();
		}
	}

	private static ApplicationContextRunner primaryOnly() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					ReadReplicaAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + primary.jdbcUrl(),
					"spring.datasource.username=" + primary.appUsername(),
					"spring.datasource.password=" + primary.appPassword());
	}

	private static ApplicationContextRunner withReplica() {
		return primaryOnly().withPropertyValues("dotmac.database.replica.url=" + replica.jdbcUrl(),
				"dotmac.database.replica.username=" + replica.appUsername(),
				"dotmac.database.replica.password=" + replica.appPassword());
	}

	@Test
	void withoutAReplicaUrlNothingChanges() {
		primaryOnly().run((context) -> {
			assertThat(context).doesNotHaveBean(ReadReplicaAutoConfiguration.class)
				.doesNotHaveBean(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void blankReplicaUrlLeavesTheSplitOff() {
		primaryOnly().withPropertyValues("dotmac.database.replica.url=${REPLICA_URL_THAT_IS_NOT_SET:}")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void replicaUrlWrapsThePrimaryInALazyProxyWithAReadOnlyReplicaPool() {
		withReplica().run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(LazyConnectionDataSourceProxy.class);
			DataSource target = ((LazyConnectionDataSourceProxy) dataSource).getTargetDataSource();
			assertThat(target).isInstanceOf(HikariDataSource.class);
			assertThat(((HikariDataSource) target).getJdbcUrl()).isEqualTo(primary.jdbcUrl());

			HikariDataSource replicaPool = replicaPool(context.getBean(
					ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME, DataSource.class));
			assertThat(replicaPool.getPoolName()).isEqualTo("replica");
			assertThat(replicaPool.isReadOnly()).isTrue();
			assertThat(replicaPool.getJdbcUrl()).isEqualTo(replica.jdbcUrl());
			assertThat(replicaPool.getUsername()).isEqualTo(replica.appUsername());
			assertThat(replicaPool.getDriverClassName()).isEqualTo("org.postgresql.Driver");
			// Boot's own pattern for an additional DataSource: never injected by type.
			BeanDefinition definition = context.getBeanFactory()
				.getBeanDefinition(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME);
			assertThat(definition.isAutowireCandidate()).isTrue();
			assertThat(((AbstractBeanDefinition) definition)
				.isDefaultCandidate()).isFalse();
		});
	}

	@Test
	void springBootStillFindsThePrimaryHikariPoolBehindTheProxy() {
		withReplica().run((context) -> {
			HikariDataSource unwrapped = DataSourceUnwrapper.unwrap(context.getBean(DataSource.class),
					HikariConfigMXBean.class, HikariDataSource.class);
			assertThat(unwrapped).isNotNull();
			assertThat(unwrapped.getJdbcUrl()).isEqualTo(primary.jdbcUrl());
		});
	}

	@Test
	void acceptsAPlatformStyleReplicaUrlWithCredentials() {
		String url = "postgresql+asyncpg://" + replica.appUsername() + ":" + replica.appPassword() + "@"
				+ replica.jdbcUrl().substring("jdbc:postgresql://".length());
		primaryOnly().withPropertyValues("dotmac.database.replica.url=" + url).run((context) -> {
			HikariDataSource replicaPool = replicaPool(
					context.getBean(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME, DataSource.class));
			assertThat(replicaPool.getJdbcUrl()).isEqualTo(replica.jdbcUrl());
			assertThat(replicaPool.getUsername()).isEqualTo(replica.appUsername());
			assertThat(readOnlyLabel(context)).isEqualTo(Markers.REPLICA);
		});
	}

	@Test
	void usernameAndPasswordPropertiesOverrideTheUrl() {
		String url = "postgres://nobody:wrong@" + replica.jdbcUrl().substring("jdbc:postgresql://".length());
		withReplica().withPropertyValues("dotmac.database.replica.url=" + url).run((context) -> {
			JdbcTemplate replicaJdbc = new JdbcTemplate(
					context.getBean(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME, DataSource.class));
			assertThat(replicaJdbc.queryForObject("SELECT current_user", String.class))
				.isEqualTo(replica.appUsername());
		});
	}

	@Test
	void bindsPoolSizeAndHikariSettingsOfTheReplica() {
		withReplica()
			.withPropertyValues("dotmac.database.replica.maximum-pool-size=3",
					"dotmac.database.replica.hikari.minimum-idle=1",
					"dotmac.database.replica.hikari.max-lifetime=600000",
					"dotmac.database.replica.hikari.pool-name=reports")
			.run((context) -> {
				ReplicaProperties properties = context.getBean(ReplicaProperties.class);
				assertThat(properties.getMaximumPoolSize()).isEqualTo(3);
				HikariDataSource replicaPool = replicaPool(context
					.getBean(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME, DataSource.class));
				assertThat(replicaPool.getMaximumPoolSize()).isEqualTo(3);
				assertThat(replicaPool.getMinimumIdle()).isEqualTo(1);
				assertThat(replicaPool.getMaxLifetime()).isEqualTo(600_000);
				assertThat(replicaPool.getPoolName()).isEqualTo("reports");
				// The defaults still fill in what was left unset.
				assertThat(replicaPool.getConnectionTimeout()).isEqualTo(5_000);
			});
	}

	@Test
	void givesTheReplicaPoolTheProductionDefaultsThatReachTheRunningPool() {
		withReplica().run((context) -> {
			HikariDataSource replicaPool = replicaPool(
					context.getBean(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME, DataSource.class));
			try (Connection connection = replicaPool.getConnection()) {
				assertThat(connection.isReadOnly()).isTrue();
			}
			HikariConfigMXBean running = replicaPool.getHikariConfigMXBean();
			assertThat(replicaPool.getKeepaliveTime()).isEqualTo(60_000);
			assertThat(running.getMaxLifetime()).isEqualTo(1_200_000);
			assertThat(running.getLeakDetectionThreshold()).isEqualTo(120_000);
			assertThat(running.getConnectionTimeout()).isEqualTo(5_000);
			assertThat(running.getValidationTimeout()).isEqualTo(2_000);
		});
	}

	@Test
	void poolDefaultsCanBeSwitchedOffForTheReplica() {
		withReplica().withPropertyValues("dotmac.database.pool.defaults-enabled=false").run((context) -> {
			assertThat(context.getBean(PoolProperties.class).isDefaultsEnabled()).isFalse();
			HikariDataSource replicaPool = replicaPool(
					context.getBean(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME, DataSource.class));
			assertThat(replicaPool.getConnectionTimeout()).isEqualTo(30_000);
			assertThat(replicaPool.getMaxLifetime()).isEqualTo(1_800_000);
			assertThat(replicaPool.getLeakDetectionThreshold()).isZero();
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheReplicaAndStillRoutesToIt() {
		withReplica().withUserConfiguration(UserReplicaConfiguration.class).run((context) -> {
			HikariDataSource replicaPool = replicaPool(
					context.getBean(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME, DataSource.class));
			assertThat(replicaPool.getPoolName()).isEqualTo("users-own-replica");
			assertThat(replicaPool.getMaximumPoolSize()).isEqualTo(2);
			assertThat(readOnlyLabel(context)).isEqualTo(Markers.REPLICA);
		});
	}

	@Test
	void reusesSpringBootsLazyProxyInsteadOfAddingASecondLayer() {
		withReplica().withPropertyValues("spring.datasource.connection-fetch=lazy").run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(LazyConnectionDataSourceProxy.class);
			assertThat(((LazyConnectionDataSourceProxy) dataSource).getTargetDataSource())
				.isInstanceOf(HikariDataSource.class);
			assertThat(readOnlyLabel(context)).isEqualTo(Markers.REPLICA);
			assertThat(Markers.label(context.getBean(JdbcTemplate.class))).isEqualTo(Markers.PRIMARY);
		});
	}

	@Test
	void closesTheReplicaPoolWithTheContext() {
		HikariDataSource[] replicaPool = new HikariDataSource[1];
		withReplica().run((context) -> {
			replicaPool[0] = replicaPool(
					context.getBean(ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME, DataSource.class));
			assertThat(readOnlyLabel(context)).isEqualTo(Markers.REPLICA);
			assertThat(replicaPool[0].isRunning()).isTrue();
		});
		assertThat(replicaPool[0].isClosed()).isTrue();
	}

	@Test
	void malformedReplicaUrlFailsStartupWithoutThePassword() {
		primaryOnly()
			.withPropertyValues("dotmac.database.replica.url=postgres://reader:Zx9Tr0ub4dorQw7@replica:5o432/db")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(failure).rootCause()
					.isInstanceOf(InvalidDatabaseUrlException.class)
					.hasMessage("Invalid database URL: the port must be a number between 1 and 65535; "
							+ "percent-encode special characters such as / ? # @ : in the user name and password");
				InvalidDatabaseUrlException outermost = findOutermost(failure);
				assertThat(outermost.getOrigin()).isEqualTo("dotmac.database.replica.url");
				for (Throwable t = failure; t != null; t = t.getCause()) {
					assertThat(String.valueOf(t.getMessage())).doesNotContain("Zx9Tr0ub4dorQw7");
				}
			});
	}

	@Test
	void healthAndMetricsCoverBothPools() {
		withReplica()
			.withConfiguration(AutoConfigurations.of(DataSourceHealthContributorAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class))
			.withPropertyValues("spring.datasource.hikari.pool-name=primary",
					// The health indicators run the pool's test query: each reports what it read.
					"spring.datasource.hikari.connection-test-query=" + MARKER_QUERY,
					"dotmac.database.replica.hikari.connection-test-query=" + MARKER_QUERY)
			.run((context) -> {
				CompositeHealthContributor db = context.getBean("dbHealthContributor",
						CompositeHealthContributor.class);
				Health primaryHealth = health(db, "dataSource");
				Health replicaHealth = health(db, "replicaDataSource");
				assertThat(primaryHealth.getStatus()).isEqualTo(Status.UP);
				assertThat(primaryHealth.getDetails()).containsEntry("database", "PostgreSQL")
					.containsEntry("result", Markers.PRIMARY);
				assertThat(replicaHealth.getStatus()).isEqualTo(Status.UP);
				assertThat(replicaHealth.getDetails()).containsEntry("result", Markers.REPLICA);

				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("hikaricp.connections").tag("pool", "primary").gauge()).isNotNull();
				assertThat(registry.find("hikaricp.connections").tag("pool", "replica").gauge()).isNotNull();
				assertThat(registry.find("jdbc.connections.max").tag("name", "replica").gauge()).isNotNull();
			});
	}

	private static Health health(CompositeHealthContributor composite, String name) {
		HealthIndicator indicator = (HealthIndicator) composite.getContributor(name);
		assertThat(indicator).as(name).isNotNull();
		Health health = indicator.health(true);
		assertThat(health).as(name).isNotNull();
		return health;
	}

	private static InvalidDatabaseUrlException findOutermost(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof InvalidDatabaseUrlException ex) {
				return ex;
			}
		}
		throw new AssertionError("No InvalidDatabaseUrlException in " + failure);
	}

	private static HikariDataSource replicaPool(DataSource dataSource) {
		assertThat(dataSource).isInstanceOf(HikariDataSource.class);
		return (HikariDataSource) dataSource;
	}

	private static String readOnlyLabel(ApplicationContext context) {
		TransactionTemplate readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		readOnly.setReadOnly(true);
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		return readOnly.execute((status) -> Markers.label(jdbc));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserReplicaConfiguration {

		@Bean(name = ReadReplicaAutoConfiguration.REPLICA_DATA_SOURCE_BEAN_NAME, defaultCandidate = false)
		HikariDataSource replicaDataSource() {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setPoolName("users-own-replica");
			dataSource.setJdbcUrl(replica.jdbcUrl());
			dataSource.setUsername(replica.appUsername());
			dataSource.setPassword(replica.appPassword());
			dataSource.setMaximumPoolSize(2);
			dataSource.setReadOnly(true);
			return dataSource;
		}

	}

}
