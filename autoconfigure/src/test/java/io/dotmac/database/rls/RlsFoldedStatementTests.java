package io.dotmac.database.rls;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static io.dotmac.database.rls.AbstractRlsDataSourceTests.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Prepared statements in transaction mode carry the tenant setting themselves
 * ({@link RlsSettings#foldIntoFirstStatement()}): what the application sees of such a
 * statement must be exactly what the driver would have shown it, for every way of
 * running it, and isolation must hold whether a statement ends up folded or plain. Real
 * PostgreSQL, the application role, a Hikari pool.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RlsFoldedStatementTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	private RlsFixture fixture;

	private HikariDataSource pool;

	private RlsDataSource dataSource;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.fixture = RlsFixture.create(database);
		this.fixture.createTenantTable("items");
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(database.jdbcUrl());
		this.pool.setUsername(database.appUsername());
		this.pool.setPassword(database.appPassword());
		this.pool.setMaximumPoolSize(2);
		this.dataSource = new RlsDataSource(this.pool, this.fixture.settings());
		assertThat(this.dataSource.getSettings().foldIntoFirstStatement()).isTrue();
	}

	@BeforeEach
	void seed() {
		this.fixture.admin("TRUNCATE items");
		this.fixture.seed("items", "acme", "a1", "a2");
		this.fixture.seed("items", "globex", "g1");
	}

	@AfterAll
	void tearDown() {
		if (this.pool != null) {
			this.pool.close();
		}
		if (this.fixture != null) {
			this.fixture.close();
		}
	}

	@Test
	void executeQueryReadsOnlyTheTenantsRows() {
		List<String> names = inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT name FROM items WHERE name <> ? ORDER BY name")) {
				statement.setString(1, "none");
				return names(statement.executeQuery());
			}
		});
		assertThat(names).containsExactly("a1", "a2");
	}

	@Test
	void executeUpdateCountsAndWritesForTheTenant() {
		int count = inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("INSERT INTO items (tenant_id, name) VALUES (?, ?)")) {
				statement.setString(1, "acme");
				statement.setString(2, "a3");
				return statement.executeUpdate();
			}
		});
		assertThat(count).isOne();
		assertThat(storedTenantsOf("a3")).containsExactly("acme");
	}

	@Test
	void executeLargeUpdateCountsTheTenantsRowsOnly() {
		long count = inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement("UPDATE items SET name = name || ?")) {
				statement.setString(1, "!");
				return statement.executeLargeUpdate();
			}
		});
		assertThat(count).isEqualTo(2);
		assertThat(storedTenantsOf("g1")).containsExactly("globex");
	}

	@Test
	void executeAnswersWhetherTheStatementHasAResultSet() {
		inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement query = connection.prepareStatement("SELECT name FROM items WHERE name = ?");
					PreparedStatement update = connection.prepareStatement("UPDATE items SET name = ? WHERE name = ?")) {
				query.setString(1, "a1");
				assertThat(query.execute()).isTrue();
				assertThat(names(query.getResultSet())).containsExactly("a1");
				assertThat(query.getMoreResults()).isFalse();
				assertThat(query.getUpdateCount()).isEqualTo(-1);
				update.setString(1, "a1b");
				update.setString(2, "a1");
				assertThat(update.execute()).isFalse();
				assertThat(update.getUpdateCount()).isOne();
				assertThat(update.getResultSet()).isNull();
			}
			return null;
		});
	}

	@Test
	void runningAStatementTheWrongWayFailsAsTheDriverWould() throws SQLException {
		String queryState;
		String updateState;
		try (Connection raw = this.pool.getConnection()) {
			raw.setAutoCommit(false);
			queryState = sqlStateOf(() -> raw.prepareStatement("UPDATE items SET name = name WHERE false").executeQuery());
			raw.rollback();
			updateState = sqlStateOf(() -> raw.prepareStatement("SELECT 1").executeUpdate());
			raw.rollback();
		}
		assertThat(queryState).isEqualTo("02000");
		assertThat(updateState).isEqualTo("0100E");
		String foldedQueryState = inTenantTransaction(ACME, (connection) -> sqlStateOf(
				() -> connection.prepareStatement("UPDATE items SET name = name WHERE false").executeQuery()));
		String foldedUpdateState = inTenantTransaction(ACME,
				(connection) -> sqlStateOf(() -> connection.prepareStatement("SELECT 1").executeUpdate()));
		assertThat(foldedQueryState).isEqualTo(queryState);
		assertThat(foldedUpdateState).isEqualTo(updateState);
	}

	@Test
	void parametersOfEveryKindReachTheirPlaces() {
		Timestamp at = Timestamp.from(Instant.parse("2026-01-02T03:04:05Z"));
		List<String> row = inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(
					"SELECT ?::int + ?::int, ?::text IS NULL, ?::timestamptz = '2026-01-02T03:04:05Z', name "
							+ "FROM items WHERE name = ?")) {
				statement.setInt(1, 40);
				statement.setObject(2, 2);
				statement.setNull(3, Types.VARCHAR);
				statement.setTimestamp(4, at);
				statement.setString(5, "a2");
				try (ResultSet resultSet = statement.executeQuery()) {
					assertThat(resultSet.next()).isTrue();
					return List.of(resultSet.getString(1), resultSet.getString(2), resultSet.getString(3),
							resultSet.getString(4));
				}
			}
		});
		assertThat(row).containsExactly("42", "t", "t", "a2");
	}

	@Test
	void aStatementRunsAgainWithKeptChangedAndClearedParameters() {
		inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT name FROM items WHERE name IN (?, ?) ORDER BY name")) {
				statement.setString(1, "a1");
				statement.setString(2, "g1");
				assertThat(names(statement.executeQuery())).containsExactly("a1");
				statement.setString(2, "a2");
				assertThat(names(statement.executeQuery())).containsExactly("a1", "a2");
				statement.clearParameters();
				assertThatExceptionOfType(SQLException.class).isThrownBy(statement::executeQuery);
			}
			return null;
		});
	}

	@Test
	void aStatementKeptAcrossTransactionsRunsForEachTransactionsTenant() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT tenant_id FROM items WHERE id > ?")) {
			connection.setAutoCommit(false);
			statement.setInt(1, 0);
			List<String> acme = TenantContext.call(ACME, () -> call(() -> names(statement.executeQuery())));
			connection.commit();
			List<String> globex = TenantContext.call(GLOBEX, () -> call(() -> names(statement.executeQuery())));
			connection.commit();
			List<String> none = names(statement.executeQuery());
			connection.commit();
			assertThat(acme).containsExactly("acme", "acme");
			assertThat(globex).containsExactly("globex");
			assertThat(none).isEmpty();
		}
	}

	@Test
	void aStatementRunInTheSystemScopeSeesEveryTenant() {
		List<String> tenants = TenantContext.callAsSystem("count every tenant", () -> inTransaction((connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT DISTINCT tenant_id FROM items WHERE id > ? ORDER BY 1")) {
				statement.setInt(1, 0);
				return names(statement.executeQuery());
			}
		}));
		assertThat(tenants).containsExactly("acme", "globex");
	}

	@Test
	void batchesRunPlainAndWriteForTheTenant() {
		int[] counts = inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("INSERT INTO items (tenant_id, name) VALUES (?, ?)")) {
				for (String name : List.of("b1", "b2")) {
					statement.setString(1, "acme");
					statement.setString(2, name);
					statement.addBatch();
				}
				return statement.executeBatch();
			}
		});
		assertThat(counts).containsExactly(1, 1);
		assertThat(storedTenantsOf("b1", "b2")).containsExactly("acme", "acme");
	}

	@Test
	void aBatchAfterAFoldedRunKeepsTheParametersAlreadySet() {
		inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("INSERT INTO items (tenant_id, name) VALUES (?, ?)")) {
				statement.setString(1, "acme");
				statement.setString(2, "c1");
				assertThat(statement.executeUpdate()).isOne();
				statement.setString(2, "c2");
				statement.addBatch();
				assertThat(statement.executeBatch()).containsExactly(1);
			}
			return null;
		});
		assertThat(storedTenantsOf("c1", "c2")).containsExactly("acme", "acme");
	}

	@Test
	void anotherTenantsRowsCannotBeWrittenThroughAFoldedStatement() {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> TenantContext.run(ACME,
				() -> inTransaction((connection) -> {
					try (PreparedStatement statement = connection
						.prepareStatement("INSERT INTO items (tenant_id, name) VALUES (?, ?)")) {
						statement.setString(1, "globex");
						statement.setString(2, "intruder");
						return statement.executeUpdate();
					}
				})))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42501"));
		assertThat(storedTenantsOf("intruder")).isEmpty();
	}

	@Test
	void metadataBeforeTheRunDescribesTheApplicationsStatement() {
		List<String> names = inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT name FROM items WHERE name <> ? ORDER BY name")) {
				assertThat(statement.getParameterMetaData().getParameterCount()).isOne();
				assertThat(statement.getMetaData().getColumnName(1)).isEqualTo("name");
				statement.setString(1, "a1");
				return names(statement.executeQuery());
			}
		});
		assertThat(names).containsExactly("a2");
	}

	@Test
	void aFetchSizeReadsThroughACursorForTheTenant() {
		List<String> names = inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT name FROM items WHERE name <> ? ORDER BY name")) {
				statement.setFetchSize(1);
				statement.setString(1, "none");
				return names(statement.executeQuery());
			}
		});
		assertThat(names).containsExactly("a1", "a2");
	}

	@Test
	void statementsWithGeneratedKeysWriteForTheTenant() {
		long id = inTenantTransaction(ACME, (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(
					"INSERT INTO items (tenant_id, name) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
				statement.setString(1, "acme");
				statement.setString(2, "k1");
				statement.executeUpdate();
				try (ResultSet keys = statement.getGeneratedKeys()) {
					assertThat(keys.next()).isTrue();
					return keys.getLong("id");
				}
			}
		});
		assertThat(id).isPositive();
		assertThat(storedTenantsOf("k1")).containsExactly("acme");
	}

	@Test
	void anErrorKeepsItsSqlStateAndTheNextTransactionIsClean() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			String state = TenantContext.call(ACME, () -> sqlStateOf(() -> {
				PreparedStatement statement = connection.prepareStatement("SELECT 1 / ?");
				statement.setInt(1, 0);
				return statement.executeQuery();
			}));
			assertThat(state).isEqualTo("22012");
			connection.rollback();
			List<String> globex = TenantContext.call(GLOBEX, () -> call(() -> {
				try (PreparedStatement statement = connection.prepareStatement("SELECT tenant_id FROM items")) {
					return names(statement.executeQuery());
				}
			}));
			connection.commit();
			assertThat(globex).containsExactly("globex");
		}
	}

	@Test
	void aFoldedAutoCommitStatementLeavesNothingBehind() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getAutoCommit()).isTrue();
			List<String> acme = TenantContext.call(ACME, () -> call(() -> {
				try (PreparedStatement statement = connection
					.prepareStatement("SELECT tenant_id FROM items WHERE id > ?")) {
					statement.setInt(1, 0);
					return names(statement.executeQuery());
				}
			}));
			assertThat(acme).containsExactly("acme", "acme");
			try (PreparedStatement statement = connection
				.prepareStatement("SELECT coalesce(current_setting('app.current_tenant_id', true), '') || '|' || "
						+ "count(*) FROM items WHERE id > ?")) {
				statement.setInt(1, 0);
				assertThat(names(statement.executeQuery())).containsExactly("|0");
			}
		}
	}

	@Test
	void aClosedStatementRefusesToRun() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			PreparedStatement statement = connection.prepareStatement("SELECT 1");
			assertThat(statement.getConnection()).isSameAs(connection);
			statement.close();
			assertThat(statement.isClosed()).isTrue();
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> TenantContext.run(ACME, () -> call(statement::executeQuery)));
		}
	}

	@Test
	void aCallableStatementRunsForTheTenantAndBelongsToTheHookedConnection() {
		String tenant = inTenantTransaction(GLOBEX, (connection) -> {
			try (CallableStatement statement = connection
				.prepareCall("{? = call current_setting('app.current_tenant_id', true)}")) {
				assertThat(statement.getConnection()).isSameAs(connection);
				assertThat(statement.unwrap(CallableStatement.class)).isSameAs(statement);
				statement.registerOutParameter(1, Types.VARCHAR);
				statement.execute();
				return statement.getString(1);
			}
		});
		assertThat(tenant).isEqualTo("globex");
	}

	@Test
	void plainStatementsAndUnfoldablePreparedStatementsBelongToTheHookedConnection() {
		List<String> names = inTenantTransaction(ACME, (connection) -> {
			try (Statement statement = connection.createStatement();
					PreparedStatement holdable = connection.prepareStatement("SELECT name FROM items ORDER BY name",
							ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
							ResultSet.HOLD_CURSORS_OVER_COMMIT)) {
				assertThat(statement.getConnection()).isSameAs(connection);
				assertThat(holdable.getConnection()).isSameAs(connection);
				assertThat(statement.isWrapperFor(Statement.class)).isTrue();
				List<String> all = names(statement.executeQuery("SELECT name FROM items ORDER BY name"));
				assertThat(names(holdable.executeQuery())).isEqualTo(all);
				return all;
			}
		});
		assertThat(names).containsExactly("a1", "a2");
	}

	private <T> T inTenantTransaction(TenantId tenant, AbstractRlsDataSourceTests.JdbcWork<T> work) {
		return TenantContext.call(tenant, () -> inTransaction(work));
	}

	private <T> T inTransaction(AbstractRlsDataSourceTests.JdbcWork<T> work) {
		return AbstractRlsDataSourceTests.inTransaction(this.dataSource, work);
	}

	private List<String> storedTenantsOf(String... names) {
		List<String> tenants = new ArrayList<>();
		try (Connection connection = this.fixture.adminDataSource().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT tenant_id FROM items WHERE name = ANY (?) ORDER BY name")) {
			statement.setArray(1, connection.createArrayOf("text", names));
			tenants.addAll(names(statement.executeQuery()));
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return tenants;
	}

	private static List<String> names(ResultSet resultSet) throws SQLException {
		List<String> values = new ArrayList<>();
		try (resultSet) {
			while (resultSet.next()) {
				values.add(resultSet.getString(1));
			}
		}
		return values;
	}

	private static String sqlStateOf(SqlRun run) {
		try {
			run.run();
		}
		catch (SQLException ex) {
			return ex.getSQLState();
		}
		throw new AssertionError("expected an SQLException");
	}

	@FunctionalInterface
	private interface SqlRun {

		Object run() throws SQLException;

	}

}
