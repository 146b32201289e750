package io.dotmac.database.migration.engine;

import java.util.HashMap;
import java.util.Map;

import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.database.Database;
import liquibase.database.OfflineConnection;
import liquibase.database.core.PostgresDatabase;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Runs Liquibase code in a child {@link Scope} that knows where changelogs are found, logs
 * instead of printing, and never phones home; and makes the offline PostgreSQL database that
 * SQL is rendered against.
 */
final class LiquibaseScopes {

	private LiquibaseScopes() {
	}

	/**
	 * Run in a child scope.
	 * @param <T> the result type
	 * @param resourceAccessor where changelogs and SQL files are found
	 * @param work the work
	 * @return its result
	 * @throws Exception whatever the work throws
	 */
	static <T> T call(ResourceAccessor resourceAccessor, Scope.ScopedRunnerWithReturn<T> work) throws Exception {
		Map<String, Object> scope = new HashMap<>();
		scope.put(Scope.Attr.resourceAccessor.name(), resourceAccessor);
		scope.put(Scope.Attr.ui.name(), new LoggerUIService());
		scope.put(AnalyticsArgs.ENABLED.getKey(), false);
		return Scope.child(scope, work);
	}

	/**
	 * A PostgreSQL database without a connection, for rendering SQL: no default schema or
	 * catalog is written into names, so the SQL runs in whatever schema {@code search_path}
	 * names.
	 * @param resourceAccessor where SQL files are found
	 * @return the database
	 */
	static Database offlinePostgres(ResourceAccessor resourceAccessor) {
		OfflineConnection connection = new OfflineConnection("offline:postgresql?version=16.0&outputLiquibaseSql=none",
				resourceAccessor);
		PostgresDatabase database = new PostgresDatabase();
		database.setConnection(connection);
		database.setOutputDefaultSchema(false);
		database.setOutputDefaultCatalog(false);
		return database;
	}

}
