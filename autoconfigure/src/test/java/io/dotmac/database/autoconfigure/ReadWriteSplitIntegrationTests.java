package io.dotmac.database.autoconfigure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.dotmac.database.autoconfigure.jpa.Marker;
import io.dotmac.database.autoconfigure.jpa.MarkerService;
import io.dotmac.database.embedded.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Proves the read/write split against two real PostgreSQL databases, each holding a
 * marker row that names it: read-only transactions must read "replica", everything else
 * "primary", through JDBC and through JPA.
 */
class ReadWriteSplitIntegrationTests {

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

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					ReadReplicaAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + primary.jdbcUrl(),
					"spring.datasource.username=" + primary.appUsername(),
					"spring.datasource.password=" + primary.appPassword(),
					"dotmac.database.replica.url=" + replica.jdbcUrl(),
					"dotmac.database.replica.username=" + replica.appUsername(),
					"dotmac.database.replica.password=" + replica.appPassword());
	}

	@Nested
	class JdbcTemplateWithDataSourceTransactionManager {

		@Test
		void readOnlyTransactionReadsTheReplica() {
			runner().run((context) -> {
				assertThat(context.getBean(PlatformTransactionManager.class))
					.isInstanceOf(DataSourceTransactionManager.class);
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(labelIn(readOnly(context.getBean(PlatformTransactionManager.class)), jdbc))
					.isEqualTo(Markers.REPLICA);
			});
		}

		@Test
		void readWriteTransactionReadsThePrimary() {
			runner().run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				assertThat(labelIn(new TransactionTemplate(context.getBean(PlatformTransactionManager.class)), jdbc))
					.isEqualTo(Markers.PRIMARY);
			});
		}

		@Test
		void workOutsideATransactionUsesThePrimary() {
			runner().run((context) -> assertThat(Markers.label(context.getBean(JdbcTemplate.class)))
				.isEqualTo(Markers.PRIMARY));
		}

		@Test
		void readOnlyAndReadWriteTransactionsAlternateOnOnePool() {
			runner().run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				PlatformTransactionManager transactionManager = context.getBean(PlatformTransactionManager.class);
				for (int i = 0; i < 3; i++) {
					assertThat(labelIn(readOnly(transactionManager), jdbc)).isEqualTo(Markers.REPLICA);
					assertThat(labelIn(new TransactionTemplate(transactionManager), jdbc)).isEqualTo(Markers.PRIMARY);
				}
			});
		}

		@Test
		void readWriteTransactionWritesToThePrimary() {
			runner().run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				new TransactionTemplate(context.getBean(PlatformTransactionManager.class))
					.executeWithoutResult((status) -> jdbc.update("INSERT INTO marker VALUES (10, 'jdbc-write')"));
				assertThat(Markers.count(primary, "jdbc-write")).isOne();
				assertThat(Markers.count(replica, "jdbc-write")).isZero();
			});
		}

		@Test
		void writeInAReadOnlyTransactionIsRejected() {
			runner().run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				TransactionTemplate readOnly = readOnly(context.getBean(PlatformTransactionManager.class));
				assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> readOnly
					.executeWithoutResult((status) -> jdbc.update("INSERT INTO marker VALUES (11, 'sneaky')")))
					.withMessageContaining("read-only transaction");
				assertThat(Markers.count(replica, "sneaky")).isZero();
				assertThat(Markers.count(primary, "sneaky")).isZero();
			});
		}

		private String labelIn(TransactionTemplate transaction, JdbcTemplate jdbc) {
			return transaction.execute((status) -> Markers.label(jdbc));
		}

		private TransactionTemplate readOnly(PlatformTransactionManager transactionManager) {
			TransactionTemplate template = new TransactionTemplate(transactionManager);
			template.setReadOnly(true);
			return template;
		}

	}

	@Nested
	class JpaWithJpaTransactionManager {

		private ApplicationContextRunner jpaRunner() {
			return runner().withConfiguration(AutoConfigurations.of(HibernateJpaAutoConfiguration.class))
				.withUserConfiguration(JpaConfiguration.class);
		}

		@Test
		void readOnlyTransactionalFindReadsTheReplica() {
			jpaRunner().run((context) -> {
				assertThat(context.getBean(PlatformTransactionManager.class)).isInstanceOf(JpaTransactionManager.class);
				assertThat(context.getBean(MarkerService.class).readInReadOnlyTransaction())
					.isEqualTo(Markers.REPLICA);
			});
		}

		@Test
		void readOnlyTransactionalQueryReadsTheReplica() {
			jpaRunner().run((context) -> assertThat(context.getBean(MarkerService.class).queryInReadOnlyTransaction())
				.isEqualTo(Markers.REPLICA));
		}

		@Test
		void transactionalFindReadsThePrimary() {
			jpaRunner().run((context) -> assertThat(context.getBean(MarkerService.class).readInReadWriteTransaction())
				.isEqualTo(Markers.PRIMARY));
		}

		@Test
		void transactionalWriteGoesToThePrimary() {
			jpaRunner().run((context) -> {
				context.getBean(MarkerService.class).write(20, "jpa-write");
				assertThat(Markers.count(primary, "jpa-write")).isOne();
				assertThat(Markers.count(replica, "jpa-write")).isZero();
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Marker.class)
	static class JpaConfiguration {

		@Bean
		MarkerService markerService() {
			return new MarkerService();
		}

	}

}
