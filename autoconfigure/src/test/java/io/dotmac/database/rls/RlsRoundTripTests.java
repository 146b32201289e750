package io.dotmac.database.rls;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.embedded.test.TestServers;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static io.dotmac.database.rls.AbstractRlsDataSourceTests.autoCommit;
import static io.dotmac.database.rls.AbstractRlsDataSourceTests.call;
import static io.dotmac.database.rls.AbstractRlsDataSourceTests.inTransaction;
import static io.dotmac.database.rls.AbstractRlsDataSourceTests.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hook costs in round trips, counted on the wire by a proxy between the driver
 * and PostgreSQL (not by the hook itself): the same work once through the hook and once
 * without it, on one physical connection so that nothing else (pool validation, a second
 * connection) is counted. The cost target: at most one extra round trip per transaction,
 * none in session mode when the connection already carries the tenant, and none for
 * prepared statements in transaction mode, which carry the setting themselves.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RlsRoundTripTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	private RlsFixture fixture;

	private WireCounter wire;

	private SingleConnectionDataSource connection;

	@BeforeAll
	void setUp(TestDatabase database) throws IOException {
		this.fixture = RlsFixture.create(database);
		this.fixture.createTenantTable("items");
		this.fixture.seed("items", "acme", "a1", "a2");
		this.fixture.seed("items", "globex", "g1");
		PostgresServer server = TestServers.postgres();
		this.wire = new WireCounter(server.host(), server.port());
		PGSimpleDataSource driver = new PGSimpleDataSource();
		driver.setURL(this.wire.jdbcUrl(database.name()));
		driver.setUser(database.appUsername());
		driver.setPassword(database.appPassword());
		Connection physical = call(driver::getConnection);
		this.connection = new SingleConnectionDataSource(physical, true);
	}

	@AfterAll
	void tearDown() throws IOException {
		if (this.connection != null) {
			this.connection.destroy();
		}
		if (this.wire != null) {
			this.wire.close();
		}
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	/** A transaction with two queries: three round trips on its own (two queries, commit). */
	private static Object twoQueryTransaction(RlsDataSource dataSource) {
		return inTransaction(dataSource, (connection) -> {
			strings(connection, "SELECT name FROM items");
			return strings(connection, "SELECT count(*) FROM items");
		});
	}

	/** The same transaction with prepared statements, the way JPA and JdbcTemplate run queries. */
	private static Object twoPreparedQueryTransaction(RlsDataSource dataSource) {
		return inTransaction(dataSource, (connection) -> {
			prepared(connection, "SELECT name FROM items WHERE name <> ?");
			return prepared(connection, "SELECT count(*) FROM items WHERE name <> ?");
		});
	}

	private static List<String> prepared(Connection connection, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, "none");
			try (ResultSet resultSet = statement.executeQuery()) {
				while (resultSet.next()) {
					values.add(resultSet.getString(1));
				}
			}
		}
		return values;
	}

	private long roundTrips(Runnable work) {
		this.wire.reset();
		work.run();
		return this.wire.roundTrips();
	}

	/** The work without any hook: a pass-through wrapper that writes nothing. */
	private long baseline(java.util.function.Function<RlsDataSource, Object> work) {
		RlsDataSource unhooked = new RlsDataSource(this.connection, this.fixture.settings()) {
			@Override
			public Connection getConnection() throws SQLException {
				return obtainTargetDataSource().getConnection();
			}
		};
		return roundTrips(() -> work.apply(unhooked));
	}

	@Nested
	class TransactionMode {

		private final RlsDataSource hooked = new RlsDataSource(RlsRoundTripTests.this.connection,
				RlsRoundTripTests.this.fixture.settings());

		@Test
		void aTenantTransactionCostsOneRoundTrip() {
			long base = baseline(RlsRoundTripTests::twoQueryTransaction);
			assertThat(base).as(RlsRoundTripTests.this.wire.statements().toString()).isEqualTo(3);
			assertThat(roundTrips(() -> TenantContext.run(ACME, () -> twoQueryTransaction(this.hooked))))
				.isEqualTo(base + 1);
			assertThat(roundTrips(() -> TenantContext.run(ACME, () -> twoQueryTransaction(this.hooked))))
				.isEqualTo(base + 1);
		}

		@Test
		void aTenantTransactionOfPreparedStatementsCostsNothingExtra() {
			long base = baseline(RlsRoundTripTests::twoPreparedQueryTransaction);
			assertThat(base).isEqualTo(3);
			for (int i = 0; i < 7; i++) { // past PgJDBC's prepareThreshold, so server-prepared too
				assertThat(roundTrips(() -> assertThat(
						TenantContext.call(ACME, () -> twoPreparedQueryTransaction(this.hooked)))
					.isEqualTo(List.of("2")))).isEqualTo(base);
			}
			assertThat(roundTrips(() -> assertThat(
					TenantContext.call(GLOBEX, () -> twoPreparedQueryTransaction(this.hooked)))
				.isEqualTo(List.of("1")))).isEqualTo(base);
		}

		@Test
		void withoutFoldingATenantTransactionOfPreparedStatementsCostsOneRoundTrip() {
			RlsDataSource unfolded = new RlsDataSource(RlsRoundTripTests.this.connection,
					RlsRoundTripTests.this.fixture.settings().withFoldIntoFirstStatement(false));
			long base = baseline(RlsRoundTripTests::twoPreparedQueryTransaction);
			assertThat(roundTrips(() -> assertThat(
					TenantContext.call(ACME, () -> twoPreparedQueryTransaction(unfolded)))
				.isEqualTo(List.of("2")))).isEqualTo(base + 1);
		}

		@Test
		void aTenantAutoCommitPreparedStatementCostsNothingExtra() {
			java.util.function.Function<RlsDataSource, Object> query = (dataSource) -> autoCommit(dataSource,
					(connection) -> prepared(connection, "SELECT name FROM items WHERE name <> ? ORDER BY name"));
			long base = baseline(query);
			assertThat(base).isEqualTo(1);
			assertThat(roundTrips(() -> assertThat(TenantContext.call(ACME, () -> query.apply(this.hooked)))
				.isEqualTo(List.of("a1", "a2")))).isEqualTo(base);
			assertThat(roundTrips(() -> assertThat(query.apply(this.hooked)).isEqualTo(List.of()))).isEqualTo(base);
		}

		@Test
		void aTenantLessTransactionCostsNothing() {
			long base = baseline(RlsRoundTripTests::twoQueryTransaction);
			assertThat(roundTrips(() -> twoQueryTransaction(this.hooked))).isEqualTo(base);
		}

		@Test
		void aSystemScopeTransactionCostsOneRoundTrip() {
			long base = baseline(RlsRoundTripTests::twoQueryTransaction);
			assertThat(roundTrips(() -> TenantContext.runAsSystem("count", () -> twoQueryTransaction(this.hooked))))
				.isEqualTo(base + 1);
		}

		@Test
		void aTenantAutoCommitStatementCostsTwoRoundTrips() {
			java.util.function.Function<RlsDataSource, Object> query = (dataSource) -> autoCommit(dataSource,
					(connection) -> strings(connection, "SELECT name FROM items"));
			long base = baseline(query);
			assertThat(base).isEqualTo(1);
			assertThat(roundTrips(() -> TenantContext.run(ACME, () -> query.apply(this.hooked)))).isEqualTo(base + 2);
			assertThat(roundTrips(() -> query.apply(this.hooked))).isEqualTo(base);
		}

	}

	@Nested
	class SessionMode {

		private final RlsDataSource hooked = new RlsDataSource(RlsRoundTripTests.this.connection,
				RlsRoundTripTests.this.fixture.settings().withMode(RlsMode.SESSION));

		@Test
		void theConnectionKeepsItsTenantForFree() {
			long base = baseline(RlsRoundTripTests::twoQueryTransaction);
			// First tenant-less use of the connection: reset once to empty, then free.
			roundTrips(() -> twoQueryTransaction(this.hooked));
			assertThat(roundTrips(() -> twoQueryTransaction(this.hooked))).isEqualTo(base);
			assertThat(roundTrips(() -> TenantContext.run(ACME, () -> twoQueryTransaction(this.hooked))))
				.isEqualTo(base + 1);
			assertThat(roundTrips(() -> TenantContext.run(ACME, () -> twoQueryTransaction(this.hooked))))
				.isEqualTo(base);
			assertThat(roundTrips(() -> TenantContext.run(GLOBEX, () -> twoQueryTransaction(this.hooked))))
				.isEqualTo(base + 1);
			assertThat(roundTrips(() -> twoQueryTransaction(this.hooked))).isEqualTo(base + 1);
			assertThat(roundTrips(() -> twoQueryTransaction(this.hooked))).isEqualTo(base);
		}

		@Test
		void autoCommitStatementsOfOneTenantCostNothingAfterTheFirst() {
			java.util.function.Function<RlsDataSource, Object> query = (dataSource) -> autoCommit(dataSource,
					(connection) -> strings(connection, "SELECT name FROM items"));
			long base = baseline(query);
			TenantContext.run(GLOBEX, () -> query.apply(this.hooked));
			assertThat(roundTrips(() -> TenantContext.run(GLOBEX, () -> query.apply(this.hooked)))).isEqualTo(base);
			assertThat(roundTrips(() -> TenantContext.run(ACME, () -> query.apply(this.hooked))))
				.isEqualTo(base + 1);
		}

		@Test
		void throughAHikariPoolTheTenantIsWrittenOncePerPhysicalConnection(TestDatabase database) {
			try (HikariDataSource pool = new HikariDataSource()) {
				pool.setJdbcUrl(RlsRoundTripTests.this.wire.jdbcUrl(database.name()));
				pool.setUsername(database.appUsername());
				pool.setPassword(database.appPassword());
				pool.setMaximumPoolSize(1);
				DataSource hookedPool = new RlsDataSource(pool, this.hooked.getSettings());
				RlsDataSource rls = (RlsDataSource) hookedPool;
				TenantContext.run(ACME, () -> twoQueryTransaction(rls));
				RlsRoundTripTests.this.wire.reset();
				for (int i = 0; i < 5; i++) {
					TenantContext.run(ACME, () -> twoQueryTransaction(rls));
				}
				// Counted by statement text, so that the pool's own liveness checks do not count.
				assertThat(RlsRoundTripTests.this.wire.executions("set_config")).isZero();
				assertThat(RlsRoundTripTests.this.wire.executions("SELECT count(*) FROM items")).isEqualTo(5);
				TenantContext.run(GLOBEX, () -> twoQueryTransaction(rls));
				assertThat(RlsRoundTripTests.this.wire.executions("set_config")).isOne();
			}
		}

	}

}
