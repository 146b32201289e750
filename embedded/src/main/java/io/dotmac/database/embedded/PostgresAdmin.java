package io.dotmac.database.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * Creates and drops databases and ordinary roles on a {@link PostgresServer}, connected as its
 * administrator. Each call opens and closes its own connection: these are rare, slow operations
 * and a pool would only keep the administrator connected for longer.
 * <p>
 * Names must be plain lower-case SQL identifiers, so they never need quoting and cannot smuggle SQL.
 */
public final class PostgresAdmin {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private final PostgresServer server;

	/**
	 * Creates an admin for a server.
	 * @param server the server and its administrator credentials
	 */
	public PostgresAdmin(PostgresServer server) {
		this.server = server;
	}

	/**
	 * Creates a role that can log in with a password and has none of the powers that would let it
	 * escape Row-Level Security or manage the cluster: not superuser, no BYPASSRLS, no CREATEDB,
	 * no CREATEROLE, no REPLICATION.
	 * @param role the role name
	 * @param password the role's password
	 * @throws SQLException if the role cannot be created, for example because it exists
	 */
	public void createOrdinaryRole(String role, String password) throws SQLException {
		execute(this.server.adminDatabase(), "CREATE ROLE " + identifier(role) + " LOGIN PASSWORD "
				+ literal(password) + " NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION");
	}

	/**
	 * Creates a database owned by a role. Being the owner lets the role create schemas and tables in
	 * it (since PostgreSQL 15 schema {@code public} belongs to the database owner).
	 * @param database the database name
	 * @param owner the owning role
	 * @throws SQLException if the database cannot be created
	 */
	public void createDatabase(String database, String owner) throws SQLException {
		execute(this.server.adminDatabase(),
				"CREATE DATABASE " + identifier(database) + " OWNER " + identifier(owner) + " ENCODING 'UTF8'");
	}

	/**
	 * Lets a role connect to a database and use schema {@code public}, and nothing else: everyone
	 * else's default right to connect and create temporary tables is revoked, so only the owner and
	 * the roles granted here get in.
	 * @param database the database name
	 * @param role the role to grant to
	 * @throws SQLException if a grant fails
	 */
	public void grantConnectAndSchemaUsage(String database, String role) throws SQLException {
		execute(this.server.adminDatabase(), "REVOKE ALL ON DATABASE " + identifier(database) + " FROM PUBLIC",
				"GRANT CONNECT ON DATABASE " + identifier(database) + " TO " + identifier(role));
		execute(database, "GRANT USAGE ON SCHEMA public TO " + identifier(role));
	}

	/**
	 * Drops a database if it exists, disconnecting whoever is still connected to it.
	 * @param database the database name
	 * @throws SQLException if the database cannot be dropped
	 */
	public void dropDatabase(String database) throws SQLException {
		execute(this.server.adminDatabase(), "DROP DATABASE IF EXISTS " + identifier(database) + " WITH (FORCE)");
	}

	/**
	 * Drops a role if it exists. The role must no longer own anything or hold privileges outside
	 * databases that have been dropped already.
	 * @param role the role name
	 * @throws SQLException if the role cannot be dropped
	 */
	public void dropRole(String role) throws SQLException {
		execute(this.server.adminDatabase(), "DROP ROLE IF EXISTS " + identifier(role));
	}

	private void execute(String database, String... statements) throws SQLException {
		// The driver directly, not DriverManager, which misses drivers in some class loader setups.
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(this.server.jdbcUrl(database));
		dataSource.setUser(this.server.adminUsername());
		dataSource.setPassword(this.server.adminPassword());
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static String identifier(String name) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a plain lower-case SQL identifier: '" + name + "'");
		}
		return name;
	}

	private static String literal(String value) {
		// standard_conforming_strings is on since PostgreSQL 9.1: doubling quotes is all the escaping.
		return "'" + value.replace("'", "''") + "'";
	}

}
