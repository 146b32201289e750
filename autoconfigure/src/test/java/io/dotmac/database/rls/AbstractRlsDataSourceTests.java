package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGConnection;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The connection hook at the JDBC level, connected as the application role (not owner,
 * not superuser, no BYPASSRLS) through a Hikari pool: what a transaction sees, what
 * auto-commit statements do, when a changed tenant context is refused, and what the
 * system scope sees. Each mode runs the same tests; mode-specific behaviour lives in the
 * subclasses.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRlsDataSourceTests {

	static final TenantId ACME = TenantId.of("acme");

	static final TenantId GLOBEX = TenantId.of("globex");

	RlsFixture fixture;

	HikariDataSource pool;

	RlsDataSource dataSource;

	abstract RlsMode mode();

	@BeforeAll
	void setUp(TestDatabase database) {
		this.fixture = RlsFixture.create(database);
		this.fixture.createTenantTable("items");
		this.fixture.seed("items", "acme", "a1", "a2");
		this.fixture.seed("items", "globex", "g1");
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(database.jdbcUrl());
		this.pool.setUsername(database.appUsername());
		this.pool.setPassword(database.appPassword());
		this.pool.setMaximumPoolSize(2);
		this.dataSource = new RlsDataSource(this.pool, settings());
	}

	RlsSettings settings() {
		return this.fixture.settings().withMode(mode());
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
	void transactionSeesOnlyItsTenantsRows() throws SQLException {
		assertThat(TenantContext.call(ACME, () -> inTransaction(this::tenantsOfItems))).containsOnly("acme")
			.hasSize(2);
		assertThat(TenantContext.call(GLOBEX, () -> inTransaction(this::tenantsOfItems))).containsExactly("globex");
	}

	@Test
	void noTenantSeesNoRows() {
		assertThat(inTransaction(this::tenantsOfItems)).isEmpty();
		assertThat(autoCommit(this::tenantsOfItems)).isEmpty();
	}

	@Test
	void systemScopeSeesEveryTenantsRows() {
		assertThat(TenantContext.callAsSystem("test", () -> inTransaction(this::tenantsOfItems)))
			.containsExactlyInAnyOrder("acme", "acme", "globex");
	}

	@Test
	void systemScopeOutsideATransactionSeesEveryTenantsRows() {
		assertThat(TenantContext.callAsSystem("test", () -> autoCommit(this::tenantsOfItems)))
			.containsExactlyInAnyOrder("acme", "acme", "globex");
	}

	@Test
	void autoCommitStatementSeesOnlyItsTenantsRows() {
		assertThat(TenantContext.call(ACME, () -> autoCommit(this::tenantsOfItems))).containsOnly("acme").hasSize(2);
	}

	@Test
	void updateAndDeleteCannotReachAnotherTenantsRows() {
		int updated = TenantContext.call(ACME, () -> inTransaction((connection) -> update(connection,
				"UPDATE items SET name = 'hijacked' WHERE tenant_id = 'globex'")));
		int deleted = TenantContext.call(ACME, () -> autoCommit((connection) -> update(connection,
				"DELETE FROM items WHERE tenant_id = 'globex'")));
		assertThat(updated).isZero();
		assertThat(deleted).isZero();
		assertThat(TenantContext.call(GLOBEX, () -> inTransaction(this::namesOfItems))).containsExactly("g1");
	}

	@Test
	void insertingAnotherTenantsRowIsRejected() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> inTransaction((connection) -> update(connection,
					"INSERT INTO items (tenant_id, name) VALUES ('globex', 'planted')"))))
			.withMessageContaining("row-level security");
		assertThat(TenantContext.callAsSystem("check", () -> inTransaction(this::namesOfItems)))
			.doesNotContain("planted");
	}

	@Test
	void insertWithoutATenantIsRejected() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> inTransaction((connection) -> update(connection,
					"INSERT INTO items (tenant_id, name) VALUES ('acme', 'orphan')")))
			.withMessageContaining("row-level security");
	}

	@Test
	void autoCommitInsertIsCommittedForItsTenant() {
		TenantContext.run(GLOBEX, () -> autoCommit((connection) -> update(connection,
				"INSERT INTO items (tenant_id, name) VALUES ('globex', 'auto')")));
		assertThat(TenantContext.call(GLOBEX, () -> inTransaction(this::namesOfItems))).contains("auto");
		TenantContext.run(GLOBEX, () -> autoCommit((connection) -> update(connection,
				"DELETE FROM items WHERE name = 'auto'")));
		assertThat(TenantContext.call(GLOBEX, () -> inTransaction(this::namesOfItems))).doesNotContain("auto");
	}

	@Test
	void changingTheTenantInsideATransactionIsRefused() {
		assertThatExceptionOfType(TenantMismatchException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> inTransaction((connection) -> {
				tenantsOfItems(connection);
				return TenantContext.call(GLOBEX, () -> call(() -> tenantsOfItems(connection)));
			})))
			.withMessageContaining("tenant 'acme'")
			.withMessageContaining("tenant 'globex'");
	}

	@Test
	void leavingTheTenantInsideATransactionIsRefused() {
		assertThatExceptionOfType(TenantMismatchException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> inTransaction((connection) -> {
				tenantsOfItems(connection);
				try (TenantContext.Scope none = TenantContext.clear()) {
					return tenantsOfItems(connection);
				}
			})))
			.withMessageContaining("no tenant");
	}

	@Test
	void enteringTheSystemScopeInsideATenantTransactionIsRefused() {
		assertThatExceptionOfType(TenantMismatchException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> inTransaction((connection) -> {
				tenantsOfItems(connection);
				return TenantContext.callAsSystem("sneak", () -> call(() -> tenantsOfItems(connection)));
			})))
			.withMessageContaining("the system scope");
	}

	@Test
	void aStatementPreparedForOneTenantDoesNotRunForAnother() {
		assertThatExceptionOfType(TenantMismatchException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> inTransaction((connection) -> {
				PreparedStatement held = connection.prepareStatement("SELECT tenant_id FROM items");
				held.executeQuery().close();
				return TenantContext.call(GLOBEX, () -> call(() -> held.executeQuery()));
			})));
	}

	@Test
	void theTenantMayChangeBetweenTransactionsOnOneConnection() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			List<String> acme = TenantContext.call(ACME, () -> call(() -> tenantsOfItems(connection)));
			connection.commit();
			List<String> globex = TenantContext.call(GLOBEX, () -> call(() -> tenantsOfItems(connection)));
			connection.rollback();
			List<String> none = tenantsOfItems(connection);
			connection.commit();
			assertThat(acme).containsOnly("acme").isNotEmpty();
			assertThat(globex).containsExactly("globex");
			assertThat(none).isEmpty();
		}
	}

	@Test
	void rollbackToASavepointTakenBeforeTheFirstStatementKeepsTheTenant() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			Savepoint savepoint = connection.setSavepoint();
			List<String> before = TenantContext.call(ACME, () -> call(() -> tenantsOfItems(connection)));
			connection.rollback(savepoint);
			List<String> after = TenantContext.call(ACME, () -> call(() -> tenantsOfItems(connection)));
			connection.rollback();
			assertThat(before).containsOnly("acme").hasSize(2);
			assertThat(after).containsOnly("acme").hasSize(2);
		}
	}

	@Test
	void theNextTransactionAfterARollbackCarriesItsOwnTenant() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			TenantContext.run(GLOBEX, () -> call(() -> tenantsOfItems(connection)));
			connection.rollback();
			Savepoint savepoint = connection.setSavepoint();
			TenantContext.run(ACME, () -> call(() -> tenantsOfItems(connection)));
			connection.rollback(savepoint);
			connection.rollback();
			assertThat(TenantContext.call(GLOBEX, () -> call(() -> tenantsOfItems(connection))))
				.containsExactly("globex");
			connection.rollback();
			assertThat(tenantsOfItems(connection)).isEmpty();
			connection.commit();
		}
	}

	@Test
	void resultsOfAnAutoCommitStatementAreReadableWithAFetchSize() {
		List<String> rows = TenantContext.call(ACME, () -> autoCommit((connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.setFetchSize(1);
				List<String> names = new ArrayList<>();
				try (ResultSet resultSet = statement.executeQuery("SELECT name FROM items ORDER BY name")) {
					while (resultSet.next()) {
						names.add(resultSet.getString(1));
					}
				}
				assertThat(statement.getFetchSize()).isEqualTo(1);
				return names;
			}
		}));
		assertThat(rows).containsExactly("a1", "a2");
	}

	@Test
	void failedAutoCommitStatementLeavesTheConnectionUsable() {
		List<String> rows = TenantContext.call(ACME, () -> autoCommit((connection) -> {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> update(connection, "INSERT INTO items (tenant_id, name) VALUES ('acme', NULL)"));
			assertThat(connection.getAutoCommit()).isTrue();
			return tenantsOfItems(connection);
		}));
		assertThat(rows).containsOnly("acme").hasSize(2);
	}

	@Test
	void copyThroughTheDriverApiCarriesTheTenant() {
		String copied = TenantContext.call(ACME, () -> inTransaction((connection) -> {
			tenantsOfItems(connection);
			java.io.StringWriter out = new java.io.StringWriter();
			try {
				connection.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyOut("COPY (SELECT tenant_id FROM items ORDER BY name) TO STDOUT", out);
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			return out.toString();
		}));
		assertThat(copied).isEqualTo("acme\nacme\n");
	}

	@Test
	void copyAsTheFirstWorkOfATransactionCarriesTheTenant() {
		String copied = TenantContext.call(ACME, () -> inTransaction((connection) -> {
			java.io.StringWriter out = new java.io.StringWriter();
			try {
				connection.unwrap(PGConnection.class)
					.getCopyAPI()
					.copyOut("COPY (SELECT tenant_id FROM items ORDER BY name) TO STDOUT", out);
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			return out.toString();
		}));
		assertThat(copied).isEqualTo("acme\nacme\n");
	}

	@Test
	void statementsHandBackTheHookedConnection() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				PreparedStatement prepared = connection.prepareStatement("SELECT 1")) {
			assertThat(statement.getConnection()).isSameAs(connection);
			assertThat(prepared.getConnection()).isSameAs(connection);
			assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
			assertThat(connection.isWrapperFor(PGConnection.class)).isTrue();
			assertThat(statement.unwrap(Statement.class)).isSameAs(statement);
			assertThat(statement.isWrapperFor(org.postgresql.PGStatement.class)).isTrue();
		}
	}

	@Test
	void dataSourceUnwrapsToThePool() throws SQLException {
		assertThat(this.dataSource.unwrap(HikariDataSource.class)).isSameAs(this.pool);
		assertThat(this.dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
	}

	@Test
	void theSettingDoesNotOutliveATransactionInTransactionModeOrTenantWorkInSessionMode() {
		TenantContext.run(ACME, () -> inTransaction(this::tenantsOfItems));
		// Tenant-less work on whichever pooled connection: no tenant in the setting.
		for (int i = 0; i < 4; i++) {
			assertThat(inTransaction(this::currentSetting)).isEmpty();
			assertThat(autoCommit(this::currentSetting)).isEmpty();
		}
	}

	@Test
	void systemScopeWithoutARoleIsRefusedClearly() {
		RlsDataSource noRole = new RlsDataSource(this.pool, settings().withSystemRole(null));
		assertThatExceptionOfType(SystemScopeNotConfiguredException.class)
			.isThrownBy(() -> TenantContext.runAsSystem("test", () -> inTransaction(noRole, this::tenantsOfItems)))
			.withMessageContaining("system-role is empty");
	}

	@Test
	void systemScopeWithAMissingRoleIsRefusedClearly() {
		RlsDataSource missing = new RlsDataSource(this.pool, settings().withSystemRole("no_such_role_here"));
		assertThatExceptionOfType(SystemScopeNotConfiguredException.class)
			.isThrownBy(() -> TenantContext.runAsSystem("test", () -> inTransaction(missing, this::tenantsOfItems)))
			.withMessageContaining("no_such_role_here")
			.withMessageContaining("CREATE ROLE");
	}

	@Test
	void systemScopeWithARoleTheApplicationMayNotUseIsRefusedClearly() {
		// The owner role exists, but the application role is not a member of it.
		String owner = this.fixture.database().ownerUsername();
		RlsDataSource notMember = new RlsDataSource(this.pool, settings().withSystemRole(owner));
		assertThatExceptionOfType(SystemScopeNotConfiguredException.class)
			.isThrownBy(() -> TenantContext.runAsSystem("test", () -> inTransaction(notMember, this::tenantsOfItems)))
			.withMessageContaining("permission denied");
	}

	@Test
	void rejectPolicyRefusesTenantStatementsOutsideTransactions() {
		RlsDataSource strict = new RlsDataSource(this.pool, settings().withAutoCommitPolicy(AutoCommitPolicy.REJECT));
		assertThatExceptionOfType(TenantTransactionRequiredException.class)
			.isThrownBy(() -> TenantContext.runAsSystem("test", () -> autoCommit(strict, this::tenantsOfItems)));
		assertThatNoException().isThrownBy(() -> autoCommit(strict, this::tenantsOfItems));
		assertThat(TenantContext.call(ACME, () -> inTransaction(strict, this::tenantsOfItems))).hasSize(2);
	}

	// --- helpers ---

	List<String> tenantsOfItems(Connection connection) throws SQLException {
		return strings(connection, "SELECT tenant_id FROM items ORDER BY name");
	}

	List<String> namesOfItems(Connection connection) throws SQLException {
		return strings(connection, "SELECT name FROM items ORDER BY name");
	}

	String currentSetting(Connection connection) throws SQLException {
		return strings(connection, "SELECT coalesce(current_setting('app.current_tenant_id', true), '')").get(0);
	}

	static List<String> strings(Connection connection, String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			while (resultSet.next()) {
				values.add(resultSet.getString(1));
			}
		}
		return values;
	}

	static int update(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			return statement.executeUpdate(sql);
		}
	}

	<T> T inTransaction(JdbcWork<T> work) {
		return inTransaction(this.dataSource, work);
	}

	<T> T autoCommit(JdbcWork<T> work) {
		return autoCommit(this.dataSource, work);
	}

	static <T> T inTransaction(RlsDataSource dataSource, JdbcWork<T> work) {
		return call(() -> {
			try (Connection connection = dataSource.getConnection()) {
				connection.setAutoCommit(false);
				try {
					T result = work.run(connection);
					connection.commit();
					return result;
				}
				catch (SQLException | RuntimeException ex) {
					connection.rollback();
					throw ex;
				}
				finally {
					// As a pool would on return.
					connection.setAutoCommit(true);
				}
			}
		});
	}

	static <T> T autoCommit(RlsDataSource dataSource, JdbcWork<T> work) {
		return call(() -> {
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.getAutoCommit()).isTrue();
				return work.run(connection);
			}
		});
	}

	/** Run JDBC work from a lambda that may not throw checked exceptions; SQLException passes unchanged. */
	static <T> T call(SqlCallable<T> work) {
		try {
			return work.call();
		}
		catch (SQLException ex) {
			throw AbstractRlsDataSourceTests.<RuntimeException>sneaky(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static <E extends Throwable> E sneaky(Throwable ex) throws E {
		throw (E) ex;
	}

	@FunctionalInterface
	interface JdbcWork<T> {

		T run(Connection connection) throws SQLException;

	}

	@FunctionalInterface
	interface SqlCallable<T> {

		T call() throws SQLException;

	}

}
