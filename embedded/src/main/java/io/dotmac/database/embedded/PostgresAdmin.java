package io.dotmac.database.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * Creates and drops databases and ordinary roles on a {@link PostgresServer}, and creates the
 * tenant-isolation system role, connected as its administrator. Each call opens and closes its own
 * connection: these are rare, slow operations and a pool would only keep the administrator
 * connected for longer.
 * <p>
 * Names must be plain lower-case SQL identifiers, so they never need quoting and cannot smuggle SQL.
 */
public final class PostgresAdmin {

	/**
	 * The role of the tenant-isolation system scope: dotmac-database's connection hook switches
	 * to it with {@code SET LOCAL ROLE} for cross-tenant work, and {@code enableTenantRls} grants
	 * it a policy that sees every row. The default of {@code dotmac.database.rls.system-role}.
	 */
	public static final String SYSTEM_ROLE = "dotmac_rls_system";

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	/** PostgreSQL 16 brought per-grant INHERIT and SET options for role membership. */
	private static final int FIRST_VERSION_WITH_MEMBERSHIP_OPTIONS = 16;

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
	 * Creates the role of the tenant-isolation system scope unless it exists, and lets each member
	 * switch to it with {@code SET ROLE} without inheriting it: {@code GRANT role TO member WITH
	 * INHERIT FALSE, SET TRUE}. Without inheritance the role's policies (which see every tenant's
	 * rows) apply only inside the system scope's explicit {@code SET LOCAL ROLE}, never to a
	 * member's ordinary work. The role cannot log in and has none of the powers
	 * {@link #createOrdinaryRole} withholds. This is what dotmac-database's
	 * {@code RlsPolicyManager.createSystemRole} does; the SQL is repeated here because this module
	 * must not depend on the library.
	 * <p>
	 * Roles are cluster-wide, so the role is shared by every database on the server: it is created
	 * once, also when several callers race to create it, is never altered when it exists, and is
	 * never dropped here (a database being dropped takes the role's privileges in it along).
	 * <p>
	 * Before PostgreSQL 16 a single membership cannot be made non-inheriting, and granting it would
	 * put the members under the role's policies all the time; the role is then created but no
	 * member is granted it, and the system scope fails closed on such a server.
	 * @param systemRole the role name, usually {@link #SYSTEM_ROLE}
	 * @param members the roles that may enter the system scope
	 * @return whether the members were granted the role ({@code false} before PostgreSQL 16)
	 * @throws SQLException if the role cannot be created or granted
	 */
	public boolean createSystemRole(String systemRole, String... members) throws SQLException {
		String role = identifier(systemRole);
		for (String member : members) {
			identifier(member);
		}
		try (Connection connection = connect(this.server.adminDatabase());
				Statement statement = connection.createStatement()) {
			// Another session (another test database's setup, another JVM on a shared server) may
			// create the role between the check and the CREATE: its error is the role existing.
			statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = "
					+ literal(role) + ") THEN CREATE ROLE " + role
					+ " NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION; END IF; "
					+ "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
			if (connection.getMetaData().getDatabaseMajorVersion() < FIRST_VERSION_WITH_MEMBERSHIP_OPTIONS) {
				return false;
			}
			for (String member : members) {
				statement.execute("GRANT " + role + " TO " + member + " WITH INHERIT FALSE, SET TRUE");
			}
			return true;
		}
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
		try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private Connection connect(String database) throws SQLException {
		// The driver directly, not DriverManager, which misses drivers in some class loader setups.
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(this.server.jdbcUrl(database));
		dataSource.setUser(this.server.adminUsername());
		dataSource.setPassword(this.server.adminPassword());
		return dataSource.getConnection();
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
