package io.dotmac.database.embedded.test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

@DotmacTestServers
class DotmacTestServersExtensionTest {

	private static TestDatabase beforeAllDatabase;

	private final TestDatabase constructorDatabase;

	private final TestRedis constructorRedis;

	DotmacTestServersExtensionTest(TestDatabase database, TestRedis redis) {
		this.constructorDatabase = database;
		this.constructorRedis = redis;
	}

	@BeforeAll
	static void rememberDatabase(TestDatabase database) {
		beforeAllDatabase = database;
	}

	@Test
	void constructorLifecycleAndTestMethodsShareTheClassDatabases(TestDatabase database, TestRedis redis)
			throws SQLException {
		assertThat(database).isSameAs(this.constructorDatabase).isSameAs(beforeAllDatabase);
		assertThat(redis).isSameAs(this.constructorRedis);
		assertThat(Sql.queryString(database.ownerDataSource(), "SELECT current_database()")).isEqualTo(database.name());
	}

	@Test
	void theDatabaseIsDroppedAfterTheClass() throws SQLException {
		FixtureClass.databases.clear();

		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(FixtureClass.class))
			.execute()
			.testEvents()
			.assertStatistics((stats) -> stats.started(2).succeeded(2));

		assertThat(FixtureClass.databases).hasSize(2);
		assertThat(FixtureClass.databases.get(0)).isSameAs(FixtureClass.databases.get(1));
		assertThat(Sql.queryString(Sql.admin(TestServers.postgres()),
				"SELECT count(*) FROM pg_database WHERE datname = '" + FixtureClass.databases.get(0).name() + "'"))
			.isEqualTo("0");
	}

	@Nested
	class NestedClass {

		@Test
		void sharesTheDatabaseOfTheEnclosingClass(TestDatabase database) {
			assertThat(database).isSameAs(beforeAllDatabase)
				.isSameAs(DotmacTestServersExtensionTest.this.constructorDatabase);
		}

	}

	/**
	 * Run by {@link #theDatabaseIsDroppedAfterTheClass()} only: as a static nested class it is not
	 * picked up by Surefire or by Jupiter's discovery of the enclosing class.
	 */
	@DotmacTestServers
	static class FixtureClass {

		static final List<TestDatabase> databases = new ArrayList<>();

		@BeforeEach
		void record(TestDatabase database) {
			databases.add(database);
		}

		@Test
		void first() {
		}

		@Test
		void second() {
		}

	}

}
