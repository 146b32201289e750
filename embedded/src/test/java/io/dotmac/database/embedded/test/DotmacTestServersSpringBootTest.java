package io.dotmac.database.embedded.test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.dotmac.database.embedded.EmbeddedPostgresServer;
import io.dotmac.database.embedded.EmbeddedRedisServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

@SpringBootTest(classes = DotmacTestServersSpringBootTest.MinimalApplication.class)
@DotmacTestServers
class DotmacTestServersSpringBootTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private TestDatabase database;

	@Autowired
	private TestRedis redis;

	@Autowired
	private StringRedisTemplate redisTemplate;

	@Test
	void theApplicationConnectsToTheTestDatabaseAsItsOwner() throws SQLException {
		assertThat(Sql.queryString(this.dataSource, "SELECT current_database() || ' ' || current_user"))
			.isEqualTo(this.database.name() + " " + this.database.ownerUsername());
	}

	@Test
	void theApplicationUsesTheTestRedisDatabase() {
		LettuceConnectionFactory connectionFactory = (LettuceConnectionFactory) this.redisTemplate.getConnectionFactory();
		assertThat(connectionFactory.getPort()).isEqualTo(this.redis.port());
		assertThat(connectionFactory.getDatabase()).isEqualTo(this.redis.database());
		this.redisTemplate.opsForValue().set("greeting", "hello");
		assertThat(this.redisTemplate.opsForValue().get("greeting")).isEqualTo("hello");
	}

	@Test
	void theDevServicesBackOff() {
		assertThat(this.context.getBeanNamesForType(EmbeddedPostgresServer.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(EmbeddedRedisServer.class)).isEmpty();
	}

	@Test
	void parametersResolveToTheContextsDatabases(TestDatabase database, TestRedis redis) {
		assertThat(database).isSameAs(this.database);
		assertThat(redis).isSameAs(this.redis);
	}

	@Test
	void eachTestClassGetsItsOwnDatabaseDroppedAfterTheClass() throws SQLException {
		FixtureClass.databases.clear();

		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(FixtureClass.class))
			.execute()
			.testEvents()
			.assertStatistics((stats) -> stats.started(1).succeeded(1));

		assertThat(FixtureClass.databases).hasSize(1);
		TestDatabase fixtureDatabase = FixtureClass.databases.get(0);
		assertThat(fixtureDatabase.name()).isNotEqualTo(this.database.name());
		assertThat(Sql.queryString(Sql.admin(TestServers.postgres()),
				"SELECT count(*) FROM pg_database WHERE datname = '" + fixtureDatabase.name() + "'"))
			.isEqualTo("0");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MinimalApplication {

	}

	@Nested
	class NestedTests {

		@Autowired
		private TestDatabase nestedDatabase;

		@Test
		void shareTheContextAndDatabaseOfTheEnclosingClass() {
			assertThat(this.nestedDatabase).isSameAs(DotmacTestServersSpringBootTest.this.database);
		}

	}

	/**
	 * Run by {@link #eachTestClassGetsItsOwnDatabaseDroppedAfterTheClass()} only (Surefire skips
	 * static nested classes). It has the same configuration as the enclosing class, so only the
	 * customizer's equality keeps their contexts apart.
	 */
	@SpringBootTest(classes = MinimalApplication.class)
	@DotmacTestServers
	static class FixtureClass {

		static final List<TestDatabase> databases = new ArrayList<>();

		@Autowired
		private DataSource dataSource;

		@Test
		void usesItsDatabase(@Autowired TestDatabase database) throws SQLException {
			databases.add(database);
			assertThat(Sql.queryString(this.dataSource, "SELECT current_database()")).isEqualTo(database.name());
		}

	}

}
