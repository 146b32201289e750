package io.dotmac.database.embedded;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class EmbeddedPostgresServerTest {

	private static EmbeddedPostgresServer server;

	@BeforeAll
	static void startServer() {
		server = EmbeddedPostgresServer.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void runsPostgresql17WithTestFriendlySettings() throws SQLException {
		try (Connection connection = connect(server.adminUsername(), server.adminPassword(), server.adminDatabase())) {
			assertThat(queryString(connection, "SHOW server_version")).startsWith("17.");
			assertThat(queryString(connection, "SHOW fsync")).isEqualTo("off");
			assertThat(queryString(connection, "SHOW synchronous_commit")).isEqualTo("off");
			assertThat(queryString(connection, "SHOW max_connections")).isEqualTo("300");
			assertThat(queryString(connection, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
				.isEqualTo("true");
		}
	}

	@Test
	void ordinaryRolesMustGiveTheirPassword() throws SQLException {
		new PostgresAdmin(server).createOrdinaryRole("password_check", "right-password");

		try (Connection connection = connect("password_check", "right-password", server.adminDatabase())) {
			assertThat(queryString(connection, "SELECT current_user")).isEqualTo("password_check");
		}
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> connect("password_check", "wrong-password", server.adminDatabase()).close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
	}

	@Test
	void closeStopsTheServerDeletesItsFilesAndReleasesTheWatchdog() {
		EmbeddedPostgresServer second = EmbeddedPostgresServer.start();
		long postmaster = second.postmasterPid();
		ProcessHandle watchdog = second.watchdog().processHandle().orElseThrow();
		assertThat(Processes.isRunning(postmaster)).isTrue();

		second.close();

		assertThat(Processes.isRunning(postmaster)).isFalse();
		assertThat(second.workDirectory()).doesNotExist();
		await().atMost(Duration.ofSeconds(30)).until(() -> !watchdog.isAlive());
		second.close();
	}

	private static Connection connect(String user, String password, String database) throws SQLException {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(server.jdbcUrl(database));
		dataSource.setUser(user);
		dataSource.setPassword(password);
		return dataSource.getConnection();
	}

	private static String queryString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

}
