package io.dotmac.database.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

import io.dotmac.database.DatabaseException;

/**
 * Brings one tenant schema to the head of a Liquibase changelog, through Liquibase's public
 * API. The changelog names tables without a schema: it runs with {@code search_path} set to
 * the tenant's schema alone, and Liquibase's default schema and history tables
 * ({@code databasechangelog}, {@code databasechangeloglock}) are in that schema too, so every
 * tenant schema carries its own migration history and lock.
 * <p>
 * Idempotent: applied changesets are skipped. Each changeset runs in a transaction of its own
 * (PostgreSQL's DDL is transactional), so a migration that stopped half way leaves whole
 * changesets behind and the next run carries on from there.
 */
public class TenantSchemaMigrator {

	private final String changelog;

	private final ClassLoader classLoader;

	/**
	 * Create a migrator.
	 * @param changelog the class path location of the changelog ({@code classpath:} prefix
	 * allowed)
	 */
	public TenantSchemaMigrator(String changelog) {
		this(changelog, defaultClassLoader());
	}

	/**
	 * Create a migrator.
	 * @param changelog the class path location of the changelog
	 * @param classLoader where the changelog and its includes are found
	 */
	public TenantSchemaMigrator(String changelog, ClassLoader classLoader) {
		Objects.requireNonNull(changelog, "changelog must not be null");
		this.changelog = changelog.startsWith("classpath:") ? changelog.substring("classpath:".length()) : changelog;
		this.classLoader = Objects.requireNonNull(classLoader, "classLoader must not be null");
	}

	/**
	 * The changelog this migrator applies.
	 * @return the class path location
	 */
	public String getChangelog() {
		return this.changelog;
	}

	/**
	 * Apply the pending changesets to a schema, which must exist.
	 * @param connection a connection outside any tenant hook; its {@code search_path} is
	 * restored afterwards
	 * @param schema the unquoted schema name
	 * @throws DatabaseException when a changeset fails
	 */
	public void migrate(Connection connection, String schema) {
		try {
			String previousPath = currentSearchPath(connection);
			setSearchPath(connection, SchemaNaming.quote(schema));
			try {
				update(connection, schema);
			}
			finally {
				setSearchPath(connection, previousPath);
			}
		}
		catch (DatabaseException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new TenantSchemaMigrationException(
					"Could not migrate schema '" + schema + "' with " + this.changelog + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Called after a schema was cloned from the migrated template (so it carries the template's
	 * history); nothing to do here. The migration engine's migrator records the new tenant's
	 * migration state.
	 * @param connection the provisioning connection
	 * @param schema the unquoted schema name
	 */
	public void cloned(Connection connection, String schema) {
	}

	private void update(Connection connection, String schema) throws Exception {
		// Not closed: that would close the pooled connection, which the caller returns.
		Database database = DatabaseFactory.getInstance()
			.findCorrectDatabaseImplementation(new JdbcConnection(connection));
		database.setDefaultSchemaName(schema);
		database.setLiquibaseSchemaName(schema);
		Map<String, Object> scope = new HashMap<>();
		scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(this.classLoader));
		scope.put(Scope.Attr.ui.name(), new LoggerUIService());
		scope.put(AnalyticsArgs.ENABLED.getKey(), false);
		Scope.child(scope, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
			.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
			// The update summary goes to the log too, not to standard output.
			.addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
			.addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, this.changelog)
			.execute());
	}

	private static String currentSearchPath(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting('search_path')");
				ResultSet result = statement.executeQuery()) {
			result.next();
			return result.getString(1);
		}
	}

	private static void setSearchPath(Connection connection, String path) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		if (!autoCommit) {
			connection.setAutoCommit(true);
		}
		try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('search_path', ?, false)")) {
			statement.setString(1, path);
			statement.execute();
		}
		finally {
			if (!autoCommit) {
				connection.setAutoCommit(false);
			}
		}
	}

	private static ClassLoader defaultClassLoader() {
		ClassLoader classLoader = TenantSchemaMigrator.class.getClassLoader();
		return (classLoader != null) ? classLoader : ClassLoader.getSystemClassLoader();
	}

	@Override
	public String toString() {
		return "TenantSchemaMigrator[" + this.changelog + "]";
	}

	/** A tenant schema could not be migrated. */
	public static final class TenantSchemaMigrationException extends DatabaseException {

		private static final long serialVersionUID = 1L;

		TenantSchemaMigrationException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
