package io.dotmac.database.migration.liquibase;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.command.CommandScope;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.executor.ExecutorService;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationUnit;

/**
 * One Liquibase operation on one unit: a transaction (the caller's, or one of its own), the
 * unit's advisory lock, {@code search_path} set to the unit's schema alone for the
 * transaction, a Liquibase {@link Database} whose default schema, Liquibase schema and
 * history table are the unit's, and a Liquibase {@link Scope} that carries the changelog's
 * resources and the marker that makes {@link AdvisoryLockService} Liquibase's lock service.
 */
final class UnitSession {

	/** The Liquibase scope attribute that holds the current unit (see {@link AdvisoryLockService}). */
	static final String UNIT_SCOPE_KEY = AdvisoryLockService.UNIT_SCOPE_KEY;

	private final MigrationUnit unit;

	private final @Nullable UnitChangelog changelog;

	private final Database database;

	private final Connection connection;

	private @Nullable DatabaseChangeLog parsed;

	private UnitSession(MigrationUnit unit, @Nullable UnitChangelog changelog, Database database, Connection connection) {
		this.unit = unit;
		this.changelog = changelog;
		this.database = database;
		this.connection = connection;
	}

	/**
	 * Run work on a unit.
	 * @param connection the caller's connection; in auto-commit mode the session runs its own
	 * transaction (committed when {@code mode} writes and the work succeeds, rolled back
	 * otherwise); in a transaction it joins it and leaves the outcome to the caller
	 * @param unit the unit
	 * @param changelog its changelog
	 * @param mode whether the unit is locked and changed
	 * @param lockTimeout how long to wait for the unit's lock
	 * @param work the work
	 * @return the work's result
	 * @throws Exception what the work, Liquibase or PostgreSQL threw
	 */
	static <T> T run(Connection connection, MigrationUnit unit, @Nullable UnitChangelog changelog, Mode mode,
			Duration lockTimeout, Work<T> work) throws Exception {
		boolean ownsTransaction = connection.getAutoCommit();
		if (ownsTransaction) {
			connection.setAutoCommit(false);
		}
		UnitConnection wrapper = null;
		Database database = null;
		boolean succeeded = false;
		try {
			if (mode == Mode.WRITE) {
				UnitLocks.lock(connection, unit.schema(), unit.module(), lockTimeout);
			}
			String previousPath = UnitLocks.queryString(connection, "SELECT current_setting('search_path')");
			UnitLocks.setLocal(connection, "search_path", quote(unit.schema()));
			wrapper = UnitConnection.begin(connection);
			database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(wrapper.proxy()));
			database.setDefaultSchemaName(unit.schema());
			database.setLiquibaseSchemaName(unit.schema());
			database.setDatabaseChangeLogTableName(historyTable(unit));
			UnitSession session = new UnitSession(unit, changelog, database, connection);
			T result = Scope.child(scope(unit, changelog), () -> work.run(session));
			wrapper.finish();
			if (!ownsTransaction) {
				UnitLocks.setLocal(connection, "search_path", previousPath);
			}
			succeeded = true;
			return result;
		}
		finally {
			if (wrapper != null) {
				wrapper.release();
			}
			if (database != null) {
				Scope.getCurrentScope().getSingleton(ExecutorService.class).clearExecutor("jdbc", database);
			}
			if (ownsTransaction) {
				endTransaction(connection, succeeded && mode == Mode.WRITE);
			}
		}
	}

	private static void endTransaction(Connection connection, boolean commit) throws SQLException {
		try {
			if (commit) {
				connection.commit();
			}
			else {
				connection.rollback();
			}
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

	private static Map<String, Object> scope(MigrationUnit unit, @Nullable UnitChangelog changelog) {
		Map<String, Object> scope = new HashMap<>();
		scope.put(Scope.Attr.resourceAccessor.name(), (changelog != null) ? changelog.resourceAccessor()
				: new ClassLoaderResourceAccessor(UnitSession.class.getClassLoader()));
		scope.put(Scope.Attr.ui.name(), new LoggerUIService());
		scope.put(AnalyticsArgs.ENABLED.getKey(), false);
		scope.put(UNIT_SCOPE_KEY, unit);
		return scope;
	}

	static String historyTable(MigrationUnit unit) {
		// The same rule as MigrationModule.historyTable(), from the unit's module name.
		return MigrationModule.DEFAULT_NAME.equals(unit.module()) ? "databasechangelog"
				: "databasechangelog_" + unit.module();
	}

	static String quote(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

	MigrationUnit unit() {
		return this.unit;
	}

	Database database() {
		return this.database;
	}

	/**
	 * The caller's real connection, for our own queries (in the same transaction).
	 * @return the connection
	 */
	Connection connection() {
		return this.connection;
	}

	UnitChangelog changelog() {
		if (this.changelog == null) {
			throw new IllegalStateException("This operation on " + this.unit + " was given no changelog");
		}
		return this.changelog;
	}

	/**
	 * The unit's changelog, parsed once per session in the session's scope.
	 * @return the changelog
	 * @throws Exception when it cannot be read
	 */
	DatabaseChangeLog changeLog() throws Exception {
		if (this.parsed == null) {
			UnitChangelog changelog = changelog();
			DatabaseChangeLog given = changelog.changeLog();
			this.parsed = (given != null) ? given
					: DatabaseChangelogCommandStep.getDatabaseChangeLog(changelog.location(),
							new ChangeLogParameters(this.database), this.database);
		}
		return this.parsed;
	}

	Contexts contexts() {
		return new Contexts(changelog().contexts());
	}

	LabelExpression labels() {
		return new LabelExpression(changelog().labels());
	}

	/**
	 * A Liquibase command on this session's database and changelog.
	 * @param name the command name
	 * @return the command, ready for more arguments
	 * @throws Exception when the command is unknown or the changelog cannot be read
	 */
	CommandScope command(String... name) throws Exception {
		CommandScope command = databaseCommand(name).addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_ARG,
				changeLog());
		UnitChangelog changelog = changelog();
		if (changelog.contexts() != null) {
			command.addArgumentValue(DatabaseChangelogCommandStep.CONTEXTS_ARG, changelog.contexts());
		}
		if (changelog.labels() != null) {
			command.addArgumentValue(DatabaseChangelogCommandStep.LABEL_FILTER_ARG, changelog.labels());
		}
		return command;
	}

	/**
	 * A Liquibase command on this session's database that needs no changelog.
	 * @param name the command name
	 * @return the command, ready for more arguments
	 * @throws Exception when the command is unknown
	 */
	CommandScope databaseCommand(String... name) throws Exception {
		return new CommandScope(name).addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, this.database);
	}

	/** Whether a session changes the unit. */
	enum Mode {

		/** Lock the unit; commit an own transaction when the work succeeds. */
		WRITE,

		/** No lock; an own transaction is always rolled back. */
		READ

	}

	/** Work done in a session. */
	@FunctionalInterface
	interface Work<T> {

		T run(UnitSession session) throws Exception;

	}

}
