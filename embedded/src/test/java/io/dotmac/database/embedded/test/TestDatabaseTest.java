package io.dotmac.database.embedded.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TestDatabaseTest {

	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	@Test
	void eachDatabaseIsFreshAndSeesNothingOfAnother() throws SQLException {
		try (TestDatabase first = TestDatabase.create(); TestDatabase second = TestDatabase.create()) {
			assertThat(first.name()).isNotEqualTo(second.name());
			Sql.execute(first.ownerDataSource(), "CREATE TABLE invoice (id int)");

			assertThat(Sql.queryString(first.ownerDataSource(), "SELECT count(*) FROM pg_tables WHERE tablename = 'invoice'"))
				.isEqualTo("1");
			assertThat(Sql.queryString(second.ownerDataSource(), "SELECT count(*) FROM pg_tables WHERE tablename = 'invoice'"))
				.isEqualTo("0");
			assertThat(Sql.queryString(second.ownerDataSource(), "SELECT current_database()")).isEqualTo(second.name());
		}
	}

	@Test
	void neitherRoleIsSuperuserOrBypassesRowLevelSecurity() throws SQLException {
		try (TestDatabase database = TestDatabase.create()) {
			for (DataSource dataSource : new DataSource[] { database.ownerDataSource(), database.appDataSource() }) {
				assertThat(Sql.queryString(dataSource,
						"SELECT rolsuper OR rolbypassrls OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user"))
					.isEqualTo("f");
			}
			assertThat(Sql.queryString(database.appDataSource(), "SELECT current_user")).isEqualTo(database.appUsername());
		}
	}

	@Test
	void ownerRunsDdlButTheAppRoleOnlyConnectsAndUsesSchemaPublic() throws SQLException {
		try (TestDatabase database = TestDatabase.create()) {
			Sql.execute(database.ownerDataSource(), "CREATE TABLE customer (id int)");
			assertThat(Sql.queryString(database.ownerDataSource(),
					"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
				.isEqualTo(database.ownerUsername());

			assertThat(Sql.queryString(database.appDataSource(), "SELECT has_schema_privilege('public', 'USAGE')"))
				.isEqualTo("t");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> Sql.execute(database.appDataSource(), "CREATE TABLE sneaky (id int)"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> Sql.queryString(database.appDataSource(), "SELECT count(*) FROM customer"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
		}
	}

	@Test
	void bothRolesMaySwitchToTheSystemRoleButDoNotInheritIt() throws SQLException {
		try (TestDatabase database = TestDatabase.create()) {
			assertThat(database.systemRole()).isEqualTo("dotmac_rls_system");
			Sql.execute(database.ownerDataSource(), "CREATE TABLE ledger (id int)");
			Sql.execute(database.ownerDataSource(), "GRANT SELECT ON ledger TO " + database.systemRole());

			// Not inherited: what the system role may do, the app role may not, until it switches.
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> Sql.queryString(database.appDataSource(), "SELECT count(*) FROM ledger"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
			for (DataSource dataSource : new DataSource[] { database.ownerDataSource(), database.appDataSource() }) {
				try (Connection connection = dataSource.getConnection();
						Statement statement = connection.createStatement()) {
					connection.setAutoCommit(false);
					statement.execute("SET LOCAL ROLE " + database.systemRole());
					assertThat(Sql.queryString(connection, "SELECT current_user")).isEqualTo(database.systemRole());
					assertThat(Sql.queryString(connection, "SELECT count(*) FROM ledger")).isEqualTo("0");
					connection.rollback();
				}
			}
			DataSource admin = Sql.admin(TestServers.postgres());
			assertThat(Sql.queryString(admin,
					"SELECT string_agg(pg_get_userbyid(member) || ' inherit=' || inherit_option || ' set=' || set_option, ', ' "
							+ "ORDER BY pg_get_userbyid(member)) FROM pg_auth_members WHERE roleid = '"
							+ database.systemRole() + "'::regrole AND pg_get_userbyid(member) LIKE '"
							+ database.name() + "%'"))
				.isEqualTo(database.appUsername() + " inherit=false set=true, " + database.ownerUsername()
						+ " inherit=false set=true");
		}
	}

	@Test
	void databasesCreatedAtTheSameTimeAllGetTheSystemRole() throws Exception {
		List<CompletableFuture<TestDatabase>> creations = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			creations.add(CompletableFuture.supplyAsync(TestDatabase::create));
		}
		List<TestDatabase> databases = new ArrayList<>();
		try {
			for (CompletableFuture<TestDatabase> creation : creations) {
				databases.add(creation.get());
			}
			for (TestDatabase database : databases) {
				assertThat(Sql.queryString(database.appDataSource(),
						"SELECT pg_has_role(current_user, '" + database.systemRole() + "', 'SET')"))
					.isEqualTo("t");
			}
		}
		finally {
			databases.forEach(TestDatabase::close);
		}
	}

	@Test
	void rolesOfOneDatabaseCannotConnectToAnother() {
		try (TestDatabase mine = TestDatabase.create(); TestDatabase theirs = TestDatabase.create()) {
			DataSource intruder = Sql.connectAs(theirs.jdbcUrl(), mine.appUsername(), mine.appPassword());

			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> Sql.queryString(intruder, "SELECT 1"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
		}
	}

	@Test
	void closeDropsTheDatabaseAndBothRolesAndMayBeRepeated() throws SQLException {
		TestDatabase database = TestDatabase.create();
		DataSource admin = Sql.admin(TestServers.postgres());
		String leftovers = "SELECT (SELECT count(*) FROM pg_database WHERE datname = '" + database.name()
				+ "') + (SELECT count(*) FROM pg_roles WHERE rolname IN ('" + database.ownerUsername() + "', '"
				+ database.appUsername() + "'))";
		assertThat(Sql.queryString(admin, leftovers)).isEqualTo("3");

		try (var stillConnected = database.ownerDataSource().getConnection()) {
			database.close();
		}

		assertThat(Sql.queryString(admin, leftovers)).isEqualTo("0");
		// Shared by every test database on the server: it stays.
		assertThat(Sql.queryString(admin,
				"SELECT count(*) FROM pg_roles WHERE rolname = '" + database.systemRole() + "'"))
			.isEqualTo("1");
		database.close();
	}

}
