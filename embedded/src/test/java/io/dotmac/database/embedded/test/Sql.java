package io.dotmac.database.embedded.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.dotmac.database.embedded.PostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Tiny JDBC helpers for the tests of this package.
 */
final class Sql {

	private Sql() {
	}

	static String queryString(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return queryString(connection, sql);
		}
	}

	static String queryString(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			if (!result.next()) {
				throw new IllegalStateException("No row from " + sql);
			}
			return result.getString(1);
		}
	}

	static void execute(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static DataSource admin(PostgresServer server) {
		return connectAs(server.adminJdbcUrl(), server.adminUsername(), server.adminPassword());
	}

	static DataSource connectAs(String jdbcUrl, String username, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(jdbcUrl);
		dataSource.setUser(username);
		dataSource.setPassword(password);
		return dataSource;
	}

}
