package io.dotmac.database.embedded.test;

import java.sql.SQLException;

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
		database.close();
	}

}
