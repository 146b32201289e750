package io.dotmac.database.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogParameters;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.datasource.DataSourceUtils;

import io.dotmac.database.DatabaseException;

/**
 * Creates and upgrades the {@link JdbcTenantRegistry}'s table by applying the changelog that
 * ships in this library ({@value #CHANGELOG}), through Liquibase's public API.
 * <p>
 * It is independent of the application's own Liquibase: it records what it applied in its own
 * history and lock tables next to the registry table ({@link TenantRegistryTable#changelogTable()},
 * {@link TenantRegistryTable#changelogLockTable()}), so the two never see each other's
 * changesets, and several instances starting at once take turns on the lock. It creates the
 * schema when it is missing. The connecting role needs the right to create tables in that
 * schema (and the schema in the database, when it is missing).
 * <p>
 * As a Spring bean it runs when initialized; Spring Boot treats it as a database initializer,
 * so JPA and the application's own Liquibase run after it and can reference the table (for
 * example with a foreign key to it). By hand, call {@link #initialize()}.
 */
public class TenantRegistrySchemaInitializer implements InitializingBean {

	/** Class path location of the registry's changelog. */
	public static final String CHANGELOG = "io/dotmac/database/tenant/tenant-registry-changelog.xml";

	/** Changelog parameter that carries the schema-qualified, quoted table name. */
	static final String TABLE_PARAMETER = "dotmac.tenant-registry.table";

	/** Changelog parameter that carries the migration state table's qualified, quoted name. */
	static final String MIGRATION_STATE_PARAMETER = "dotmac.migration-state.table";

	private static final Log logger = LogFactory.getLog(TenantRegistrySchemaInitializer.class);

	private final DataSource dataSource;

	private final TenantRegistryTable table;

	/**
	 * Create an initializer.
	 * @param dataSource the database
	 * @param table where the registry table goes
	 */
	public TenantRegistrySchemaInitializer(DataSource dataSource, TenantRegistryTable table) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		this.table = Objects.requireNonNull(table, "table must not be null");
	}

	/**
	 * Return the table this initializer creates.
	 * @return the table
	 */
	public TenantRegistryTable getTable() {
		return this.table;
	}

	@Override
	public void afterPropertiesSet() {
		initialize();
	}

	/**
	 * Create the schema if missing and apply the registry changelog's pending changesets.
	 * Idempotent.
	 * @throws DatabaseException when the database refuses
	 */
	public void initialize() {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			createSchemaIfMissing(connection);
			update(connection);
		}
		catch (SQLException ex) {
			throw new SchemaInitializationException(
					"Could not create schema " + this.table.schema() + " for the tenant registry", ex);
		}
		catch (DatabaseException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new SchemaInitializationException("Could not create or upgrade the tenant registry table "
					+ this.table + " from " + CHANGELOG + ": " + ex.getMessage(), ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	private void createSchemaIfMissing(Connection connection) throws SQLException {
		try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
			exists.setString(1, this.table.schema());
			try (ResultSet rs = exists.executeQuery()) {
				if (rs.next()) {
					return;
				}
			}
		}
		boolean autoCommit = connection.getAutoCommit();
		try (Statement create = connection.createStatement()) {
			connection.setAutoCommit(true);
			create.execute("CREATE SCHEMA IF NOT EXISTS " + TenantRegistryTable.quote(this.table.schema()));
			logger.info("Created schema " + this.table.schema() + " for the tenant registry");
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	private void update(Connection connection) throws Exception {
		// The Database wrapper is not closed: that would close the pooled connection under the
		// pool, which releaseConnection returns instead.
		Database database = DatabaseFactory.getInstance()
			.findCorrectDatabaseImplementation(new JdbcConnection(connection));
		database.setLiquibaseSchemaName(this.table.schema());
		database.setDatabaseChangeLogTableName(this.table.changelogTable());
		database.setDatabaseChangeLogLockTableName(this.table.changelogLockTable());
		ChangeLogParameters parameters = new ChangeLogParameters(database);
		parameters.set(TABLE_PARAMETER, this.table.qualifiedName());
		parameters.set(MIGRATION_STATE_PARAMETER, this.table.migrationStateQualifiedName());
		Map<String, Object> scope = new HashMap<>();
		scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(classLoader()));
		// Progress goes to the log, not to standard output; a library never phones home.
		scope.put(Scope.Attr.ui.name(), new LoggerUIService());
		scope.put(AnalyticsArgs.ENABLED.getKey(), false);
		Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
			.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
			// The update summary goes to the log too, not to standard output.
			.addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
			.addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
			.addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, parameters)
			.execute());
	}

	private static ClassLoader classLoader() {
		ClassLoader classLoader = TenantRegistrySchemaInitializer.class.getClassLoader();
		return (classLoader != null) ? classLoader : ClassLoader.getSystemClassLoader();
	}

	/** The registry table could not be created or upgraded. */
	public static final class SchemaInitializationException extends DatabaseException {

		private static final long serialVersionUID = 1L;

		SchemaInitializationException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
