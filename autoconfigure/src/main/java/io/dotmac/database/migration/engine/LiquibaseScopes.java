package io.dotmac.database.migration.engine;

import java.util.HashMap;
import java.util.Map;

import liquibase.Scope;
import liquibase.ScopeManager;
import liquibase.ThreadLocalScopeManager;
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
 * <p>
 * Liquibase keeps its current scope in a {@code SingletonScopeManager} that threads inherit
 * from the thread that created them: the engine's workers (and a web server's threads) would
 * share one current scope, and concurrent {@code Scope.child} calls would enter and exit each
 * other's scopes. Before entering a scope, the calling thread is therefore switched to one
 * {@link ThreadLocalScopeManager} (shared root scope, a current scope per thread), which is
 * Liquibase's own answer to concurrent use.
 */
final class LiquibaseScopes {

	private static final ScopeManager THREAD_SCOPES = new ThreadLocalScopeManager(root(Scope.getCurrentScope()));

	private LiquibaseScopes() {
	}

	private static Scope root(Scope scope) {
		Scope root = scope;
		while (root.getParent() != null) {
			root = root.getParent();
		}
		return root;
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
		Scope.setScopeManager(THREAD_SCOPES);
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
