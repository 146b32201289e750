package io.dotmac.database.rls;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.embedded.test.TestServers;

/**
 * Plain SQL for setting up tenant tables in tests, correctly or with one thing wrong, and
 * superuser access to a test database for what only a superuser may do (role attributes,
 * memberships).
 */
public final class TenantTableSql {

	private TenantTableSql() {
	}

	/**
	 * A tenant table as the library sets it up: NOT NULL tenant column leading the primary
	 * key, RLS enabled and forced, a fail-closed tenant policy, rights for the app role.
	 * @param table the schema-qualified table name
	 * @param appRole the application role
	 * @return the statements
	 */
	public static List<String> correctTable(String table, String appRole) {
		List<String> statements = new ArrayList<>();
		statements.add("CREATE TABLE " + table + " (id bigint GENERATED ALWAYS AS IDENTITY, "
				+ "tenant_id varchar(48) NOT NULL, name text, PRIMARY KEY (tenant_id, id))");
		statements.add("ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
		statements.add("ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY");
		statements.add("CREATE POLICY tenant_isolation ON " + table
				+ " USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), ''))");
		statements.add("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + appRole);
		return statements;
	}

	/**
	 * Run statements one by one.
	 * @param dataSource where
	 * @param statements what
	 */
	public static void execute(DataSource dataSource, List<String> statements) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		statements.forEach(jdbc::execute);
	}

	/**
	 * Superuser connections to a test database.
	 * @param database the test database
	 * @return a data source connecting as the server's superuser
	 */
	public static DataSource adminDataSource(TestDatabase database) {
		PostgresServer server = TestServers.postgres();
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(server.jdbcUrl(database.name()));
		dataSource.setUser(server.adminUsername());
		dataSource.setPassword(server.adminPassword());
		return dataSource;
	}

	/**
	 * Connections to a test database as some role.
	 * @param database the test database
	 * @param role the role
	 * @param password its password
	 * @return a data source
	 */
	public static DataSource dataSource(TestDatabase database, String role, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(database.jdbcUrl());
		dataSource.setUser(role);
		dataSource.setPassword(password);
		return dataSource;
	}

	/**
	 * The statements of a finding's fix, one by one, without comment lines.
	 * @param fix the fix
	 * @return the statements
	 */
	public static List<String> statements(String fix) {
		return fix.lines().filter((line) -> !line.startsWith("--")).toList();
	}

}
