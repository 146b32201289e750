package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.embedded.test.TestServers;

/**
 * A test database set up for tenant isolation: a system role of its own (roles are
 * cluster-wide, so the name carries the database's), the application and owner roles as
 * non-inheriting members, and helpers to create tenant tables and seed rows. The seed goes
 * in as the superuser, which bypasses Row-Level Security, so that what the tests read is
 * decided by the policies alone.
 */
final class RlsFixture implements AutoCloseable {

	private final TestDatabase database;

	private final String systemRole;

	private RlsFixture(TestDatabase database) {
		this.database = database;
		this.systemRole = database.name() + "_sys";
	}

	/**
	 * Create the system role and make the application and owner roles members without
	 * inheritance.
	 */
	static RlsFixture create(TestDatabase database) {
		RlsFixture fixture = new RlsFixture(database);
		new RlsPolicyManager(fixture.adminDataSource(), fixture.settings())
			.createSystemRole(database.appUsername(), database.ownerUsername());
		return fixture;
	}

	TestDatabase database() {
		return this.database;
	}

	String systemRole() {
		return this.systemRole;
	}

	RlsSettings settings() {
		return RlsSettings.defaults().withSystemRole(this.systemRole);
	}

	DataSource adminDataSource() {
		PostgresServer server = TestServers.postgres();
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(this.database.jdbcUrl());
		dataSource.setUser(server.adminUsername());
		dataSource.setPassword(server.adminPassword());
		return dataSource;
	}

	/**
	 * Create a tenant table {@code name (id bigint identity, tenant_id, name)} as the
	 * owner, put it under isolation and grant the application role its rights.
	 */
	void createTenantTable(String table) {
		owner("CREATE TABLE " + table + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
				+ "tenant_id varchar(48) NOT NULL, name text NOT NULL)");
		new RlsPolicyManager(this.database.ownerDataSource(), settings())
			.enableTenantRls(TenantTable.of(table).withIndex("name"));
		owner("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + this.database.appUsername());
	}

	/**
	 * Insert rows for a tenant, bypassing Row-Level Security.
	 */
	void seed(String table, String tenant, String... names) {
		try (Connection connection = adminDataSource().getConnection();
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO " + table + " (tenant_id, name) VALUES (?, ?)")) {
			for (String name : names) {
				insert.setString(1, tenant);
				insert.setString(2, name);
				insert.addBatch();
			}
			insert.executeBatch();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	void owner(String... sql) {
		execute(this.database.ownerDataSource(), sql);
	}

	void admin(String... sql) {
		execute(adminDataSource(), sql);
	}

	static void execute(DataSource dataSource, String... sql) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Drop what the system role holds in this database, then the role itself. The test
	 * database (with its own roles) is closed by whoever created it.
	 */
	@Override
	public void close() {
		admin("DROP OWNED BY " + this.systemRole);
		execute(adminDataSource(), "DROP ROLE IF EXISTS " + this.systemRole);
	}

}
