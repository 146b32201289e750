package io.dotmac.database.migration.source;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Liquibase commands through its public {@link CommandScope}, the way an application without
 * our engine runs them: in one schema ({@code search_path} and Liquibase's default schema),
 * with a given history table.
 */
final class PlainLiquibase {

	private PlainLiquibase() {
	}

	static void update(JdbcTemplate jdbc, String schema, String historyTable, DatabaseChangeLog changeLog) {
		run(jdbc, schema, historyTable, (command) -> command
			.addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changeLog.getPhysicalFilePath())
			.addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_ARG, changeLog), UpdateCommandStep.COMMAND_NAME);
	}

	static void run(JdbcTemplate jdbc, String schema, String historyTable, Consumer<CommandScope> arguments,
			String... command) {
		jdbc.execute((Connection connection) -> {
			try (var statement = connection.createStatement()) {
				statement.execute("SET search_path TO " + schema);
			}
			try {
				Database database = DatabaseFactory.getInstance()
					.findCorrectDatabaseImplementation(new JdbcConnection(connection));
				database.setDefaultSchemaName(schema);
				database.setLiquibaseSchemaName(schema);
				database.setDatabaseChangeLogTableName(historyTable);
				database.setDatabaseChangeLogLockTableName(historyTable + "lock");
				Map<String, Object> scope = new HashMap<>();
				scope.put(Scope.Attr.resourceAccessor.name(),
						new ClassLoaderResourceAccessor(PlainLiquibase.class.getClassLoader()));
				scope.put(Scope.Attr.ui.name(), new LoggerUIService());
				scope.put(AnalyticsArgs.ENABLED.getKey(), false);
				Scope.child(scope, () -> {
					CommandScope commandScope = new CommandScope(command)
						.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database);
					arguments.accept(commandScope);
					commandScope.execute();
				});
			}
			catch (Exception ex) {
				throw new IllegalStateException("Liquibase " + String.join(" ", command) + " failed in " + schema, ex);
			}
			finally {
				if (!connection.getAutoCommit()) {
					connection.rollback();
					connection.setAutoCommit(true);
				}
				try (var statement = connection.createStatement()) {
					statement.execute("RESET search_path");
				}
			}
			return null;
		});
	}

}
