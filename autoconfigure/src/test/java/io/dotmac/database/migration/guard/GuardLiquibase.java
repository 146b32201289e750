package io.dotmac.database.migration.guard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogParameters;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.UpdateSqlCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Plain Liquibase, through its command API, on a connection whose {@code search_path} is one
 * schema: how the migration engine runs a tenant part, and what a user's own Liquibase run
 * does.
 */
final class GuardLiquibase {

	private GuardLiquibase() {
	}

	/**
	 * Run {@code update} of a class path changelog in a schema.
	 * @param dataSource where to connect (the role the migration runs as)
	 * @param schema the schema, alone on the search path; the history table goes there too
	 * @param changelog the changelog
	 * @param parameters changelog parameters
	 * @throws Exception what Liquibase throws
	 */
	static void update(DataSource dataSource, String schema, String changelog, Map<String, String> parameters)
			throws Exception {
		run(dataSource, schema, changelog, parameters, null);
	}

	/**
	 * Run {@code update-sql}: the SQL an update would run, executing nothing.
	 * @param dataSource where to connect
	 * @param schema the schema
	 * @param changelog the changelog
	 * @return the SQL
	 * @throws Exception what Liquibase throws
	 */
	static String updateSql(DataSource dataSource, String schema, String changelog) throws Exception {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		run(dataSource, schema, changelog, Map.of(), out);
		return out.toString(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static void run(DataSource dataSource, String schema, String changelog, Map<String, String> parameters,
			java.io.OutputStream sqlOutput) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET search_path TO \"" + schema + "\"");
			}
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			database.setDefaultSchemaName(schema);
			database.setLiquibaseSchemaName(schema);
			ChangeLogParameters changeLogParameters = new ChangeLogParameters(database);
			parameters.forEach(changeLogParameters::set);
			Map<String, Object> scope = new HashMap<>();
			scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor());
			scope.put(AnalyticsArgs.ENABLED.getKey(), false);
			Scope.child(scope, () -> {
				CommandScope command = new CommandScope(
						(sqlOutput != null) ? UpdateSqlCommandStep.COMMAND_NAME : UpdateCommandStep.COMMAND_NAME)
					.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
					.addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
					.addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, changeLogParameters);
				if (sqlOutput != null) {
					command.setOutput(sqlOutput);
				}
				command.execute();
			});
		}
	}

	/**
	 * Every message of an exception and its causes, for assertions on what a user reads.
	 * @param failure the exception
	 * @return the messages, one per line
	 */
	static String messages(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable each = failure; each != null; each = each.getCause()) {
			text.append(each.getMessage()).append('\n');
		}
		return text.toString();
	}

	static void execute(DataSource dataSource, String... sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
		}
	}

}
