package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

import io.dotmac.database.tenant.TenantContext;

/**
 * Puts tables under tenant isolation, the JVM counterpart of the seed's
 * {@code RLSPolicyManager}: enable and force Row-Level Security, create the tenant policy
 * and the system-scope policy, create tenant-leading indexes, and create the system role.
 * Every operation is idempotent, so it is safe to run at every start or in a repeatable
 * migration.
 * <pre>{@code
 * RlsPolicyManager policies = new RlsPolicyManager(dataSource);
 * policies.enableTenantRls(TenantTable.of("customers").withIndex("email"));
 * }</pre>
 * The statements are those of {@link RlsPolicyStatements}; for Liquibase changelogs use
 * the {@code enableTenantRls} change type, which runs the same SQL.
 * <p>
 * Given a {@link DataSource}, each operation runs in a transaction of its own on a fresh
 * connection, with no tenant bound (DDL is no tenant's work), and commits. Given a
 * {@link Connection}, it runs on that connection inside whatever transaction the caller
 * has open, and neither commits nor closes it. The role connected needs to own the tables
 * (for {@link #createSystemRole}: {@code CREATEROLE} or superuser); the application's
 * role usually does not.
 */
public final class RlsPolicyManager {

	private static final Log logger = LogFactory.getLog(RlsPolicyManager.class);

	private static final SQLExceptionTranslator TRANSLATOR = new SQLErrorCodeSQLExceptionTranslator("PostgreSQL");

	private final @Nullable DataSource dataSource;

	private final @Nullable Connection connection;

	private final RlsPolicyStatements statements;

	/**
	 * A manager that takes connections from a data source, with the default settings.
	 * @param dataSource where to connect
	 */
	public RlsPolicyManager(DataSource dataSource) {
		this(dataSource, RlsSettings.defaults());
	}

	/**
	 * A manager that takes connections from a data source.
	 * @param dataSource where to connect
	 * @param settings the setting name, default tenant column and system role
	 */
	public RlsPolicyManager(DataSource dataSource, RlsSettings settings) {
		this(Objects.requireNonNull(dataSource, "dataSource must not be null"), null, settings);
	}

	private RlsPolicyManager(@Nullable DataSource dataSource, @Nullable Connection connection, RlsSettings settings) {
		this.dataSource = dataSource;
		this.connection = connection;
		this.statements = new RlsPolicyStatements(settings);
	}

	/**
	 * A manager that works on one connection, inside the caller's transaction.
	 * @param connection the connection; not committed or closed
	 * @param settings the setting name, default tenant column and system role
	 * @return the manager
	 */
	public static RlsPolicyManager onConnection(Connection connection, RlsSettings settings) {
		return new RlsPolicyManager(null, Objects.requireNonNull(connection, "connection must not be null"), settings);
	}

	/**
	 * Put a table in the current schema under tenant isolation, with the default tenant
	 * column and the tenant-only index.
	 * @param table the table name
	 */
	public void enableTenantRls(String table) {
		enableTenantRls(TenantTable.of(table));
	}

	/**
	 * Put a table under tenant isolation: enable and force Row-Level Security, create or
	 * update the tenant policy and (with a system role configured) the system-scope policy
	 * and the system role's privileges, and create the missing tenant-leading indexes.
	 * @param table the table
	 */
	public void enableTenantRls(TenantTable table) {
		run("enable tenant RLS on " + table, this.statements.enable(table));
	}

	/**
	 * Create the missing tenant-leading indexes of a table only (the seed's
	 * {@code create_indexes_for_tenant_aware_table}).
	 * @param table the table with its {@link TenantTable#withIndex indexes}
	 */
	public void createTenantIndexes(TenantTable table) {
		run("create tenant indexes on " + table, this.statements.indexes(table));
	}

	/**
	 * Take a table out of tenant isolation again (what a rollback does).
	 * @param table the table, with the indexes it was set up with
	 */
	public void disableTenantRls(TenantTable table) {
		run("disable tenant RLS on " + table, this.statements.disable(table));
	}

	/**
	 * Create the system-scope role if missing and let the given roles switch to it without
	 * inheriting it. Run as an administrator.
	 * @param memberRoles the roles that may enter the system scope
	 * @see RlsPolicyStatements#createSystemRole
	 */
	public void createSystemRole(String... memberRoles) {
		execute("create the system role", (connection) -> {
			int version = connection.getMetaData().getDatabaseMajorVersion();
			executeAll(connection, this.statements.createSystemRole(version, List.of(memberRoles)));
			return null;
		});
	}

	private void run(String task, List<String> sql) {
		execute(task, (connection) -> {
			executeAll(connection, sql);
			return null;
		});
	}

	private void execute(String task, ConnectionWork work) {
		try {
			if (this.connection != null) {
				work.run(this.connection);
				return;
			}
			try (TenantContext.Scope noTenant = TenantContext.clear();
					Connection connection = Objects.requireNonNull(this.dataSource).getConnection()) {
				boolean autoCommit = connection.getAutoCommit();
				connection.setAutoCommit(false);
				try {
					work.run(connection);
					connection.commit();
				}
				catch (SQLException | RuntimeException ex) {
					try {
						connection.rollback();
						connection.setAutoCommit(autoCommit);
					}
					catch (SQLException cleanupFailure) {
						// The original failure is the one to report; the connection is closed next.
						ex.addSuppressed(cleanupFailure);
					}
					throw ex;
				}
				connection.setAutoCommit(autoCommit);
			}
			logger.debug("Done: " + task);
		}
		catch (SQLException ex) {
			DataAccessException translated = TRANSLATOR.translate("Could not " + task, null, ex);
			// A RAISE EXCEPTION of the setup SQL (a missing system role) has no category.
			throw (translated != null) ? translated : new UncategorizedSQLException("Could not " + task, null, ex);
		}
	}

	private static void executeAll(Connection connection, List<String> sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
		}
	}

	@FunctionalInterface
	private interface ConnectionWork {

		@Nullable Object run(Connection connection) throws SQLException;

	}

}
