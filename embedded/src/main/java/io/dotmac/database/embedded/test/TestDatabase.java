package io.dotmac.database.embedded.test;

import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.dotmac.database.embedded.PostgresAdmin;
import io.dotmac.database.embedded.PostgresServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database on the shared {@link TestServers#postgres() test server}, with two ordinary roles
 * of its own, so that a test class sees no other test's data and proves what an application role
 * can and cannot do:
 * <ul>
 * <li>the <em>owner</em> owns the database and schema {@code public}: it runs the DDL and
 * migrations;</li>
 * <li>the <em>app</em> role is what the application connects as: not the owner, so Row-Level Security
 * applies to it, and allowed only to connect and to use schema {@code public}; grant it table
 * privileges as the application's migrations would.</li>
 * </ul>
 * Neither role is superuser or has {@code BYPASSRLS}, {@code CREATEDB} or {@code CREATEROLE}.
 * Both may switch to the tenant-isolation {@link #systemRole() system role} with {@code SET ROLE}
 * without inheriting it, as an administrator would set up an application's roles, so that tenant
 * tables set up with the default system role and the system scope work in tests.
 * {@link #close()} drops the database and both roles; the system role is shared by every test
 * database on the server and stays.
 */
public final class TestDatabase implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(TestDatabase.class);

	private static final String CONNECTION_FAILURE_CLASS = "08";

	private final PostgresServer server;

	private final String name;

	private final String ownerPassword;

	private final String appPassword;

	private final AtomicBoolean closed = new AtomicBoolean();

	private TestDatabase(PostgresServer server, String name) {
		this.server = server;
		this.name = name;
		this.ownerPassword = newPassword();
		this.appPassword = newPassword();
	}

	/**
	 * Creates a database with a unique name and its two roles on the shared test server.
	 * @return the new database
	 */
	public static TestDatabase create() {
		return create(TestServers.postgres());
	}

	static TestDatabase create(PostgresServer server) {
		String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		TestDatabase database = new TestDatabase(server, "dotmac_test_" + id);
		try {
			database.provision();
		}
		catch (SQLException ex) {
			database.close();
			throw new IllegalStateException("Could not create test database " + database.name + " on " + server, ex);
		}
		return database;
	}

	/**
	 * The database name, unique on the server.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * JDBC URL of this database, without credentials.
	 * @return the JDBC URL
	 */
	public String jdbcUrl() {
		return this.server.jdbcUrl(this.name);
	}

	/**
	 * The role that owns the database and schema {@code public} and runs DDL.
	 * @return the owner role name
	 */
	public String ownerUsername() {
		return this.name + "_owner";
	}

	/**
	 * The owner role's password.
	 * @return the password
	 */
	public String ownerPassword() {
		return this.ownerPassword;
	}

	/**
	 * The role an application connects as: not the owner, so Row-Level Security applies to it.
	 * @return the application role name
	 */
	public String appUsername() {
		return this.name + "_app";
	}

	/**
	 * The application role's password.
	 * @return the password
	 */
	public String appPassword() {
		return this.appPassword;
	}

	/**
	 * The role of the tenant-isolation system scope ({@value PostgresAdmin#SYSTEM_ROLE}, the
	 * default of {@code dotmac.database.rls.system-role}): the owner and application roles may
	 * {@code SET ROLE} to it but do not inherit it. It is cluster-wide: created with the first test
	 * database that needs it and never dropped, because other test databases may be using it.
	 * On a server before PostgreSQL 16 the roles are not made members (a membership that is not
	 * inherited needs 16), and the system scope is not available.
	 * @return the system role name
	 */
	public String systemRole() {
		return PostgresAdmin.SYSTEM_ROLE;
	}

	/**
	 * A simple, unpooled data source that connects as the owner, for test setup.
	 * @return a new data source
	 */
	public DataSource ownerDataSource() {
		return dataSource(ownerUsername(), this.ownerPassword);
	}

	/**
	 * A simple, unpooled data source that connects as the application role.
	 * @return a new data source
	 */
	public DataSource appDataSource() {
		return dataSource(appUsername(), this.appPassword);
	}

	/**
	 * Drops the database, disconnecting anyone still connected, and both roles. Does nothing the
	 * second time.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		PostgresAdmin admin = new PostgresAdmin(this.server);
		try {
			admin.dropDatabase(this.name);
			admin.dropRole(appUsername());
			admin.dropRole(ownerUsername());
		}
		catch (SQLException ex) {
			if (isConnectionFailure(ex)) {
				// At JVM exit the server's own shutdown hook may have stopped it first, and an
				// embedded server takes every database with it.
				logger.debug("Test server gone; database " + this.name + " not dropped", ex);
				return;
			}
			throw new IllegalStateException("Could not drop test database " + this.name, ex);
		}
	}

	@Override
	public String toString() {
		return "test database " + this.name + " (" + jdbcUrl() + ")";
	}

	private void provision() throws SQLException {
		PostgresAdmin admin = new PostgresAdmin(this.server);
		admin.createOrdinaryRole(ownerUsername(), this.ownerPassword);
		admin.createOrdinaryRole(appUsername(), this.appPassword);
		admin.createDatabase(this.name, ownerUsername());
		admin.grantConnectAndSchemaUsage(this.name, appUsername());
		if (!admin.createSystemRole(systemRole(), ownerUsername(), appUsername())) {
			logger.info("PostgreSQL before 16 on " + this.server + ": roles of " + this.name
					+ " are not members of " + systemRole() + "; the system scope is not available in tests");
		}
	}

	private DataSource dataSource(String username, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(jdbcUrl());
		dataSource.setUser(username);
		dataSource.setPassword(password);
		return dataSource;
	}

	private static boolean isConnectionFailure(SQLException ex) {
		return ex.getSQLState() != null && ex.getSQLState().startsWith(CONNECTION_FAILURE_CLASS);
	}

	private static String newPassword() {
		return UUID.randomUUID().toString();
	}

}
