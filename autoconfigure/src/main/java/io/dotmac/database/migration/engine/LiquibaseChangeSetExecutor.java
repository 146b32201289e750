package io.dotmac.database.migration.engine;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.executor.ExecutorService;
import liquibase.precondition.core.PreconditionContainer;
import liquibase.resource.ResourceAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Liquibase itself execute the changesets that may not take the fast path
 * (preconditions, custom changes, changes whose SQL depends on the live database,
 * {@code runAlways}...), through {@link ChangeSet#execute}, the very method Liquibase's
 * {@code update} calls for each changeset, on the unit's own connection and inside the unit's
 * transaction:
 * <ul>
 * <li>Liquibase sees the connection through a proxy on which {@code commit} does nothing and
 * {@code rollback} rolls back to a savepoint taken just before the changeset (what Liquibase
 * rolls back after a failed precondition), so the unit stays one transaction and keeps its
 * advisory lock.</li>
 * <li>Only the changeset runs, not Liquibase's {@code update} command, and that is what keeps
 * concurrent schemas apart. In liquibase-core 5.0.3 the command would take
 * {@code DATABASECHANGELOGLOCK} through {@code LockServiceFactory}, a JVM-wide registry that
 * caches one lock service per {@code Database} and whose {@code resetAll()} (called by
 * {@code AbstractUpdateCommandStep.cleanUp} and {@code LockServiceCommandStep}) resets the lock services of every other schema being migrated at that moment;
 * and it would first ask {@code FastCheckService}, a JVM-wide cache of "up to date" answers
 * keyed by contexts, labels, default schema, default catalog, URL and the changelog's logical
 * path, but not by the history table (two modules with the same path in one schema share an
 * answer), and cleared for the whole JVM only from inside the history service (its
 * {@code init} and {@code clearAllCheckSums}), not when another thread changes a schema.
 * None of that runs here. The engine writes the history row itself, with the execution type
 * Liquibase returned ({@code EXECUTED}, {@code MARK_RAN}; {@code SKIPPED} writes nothing, as in
 * Liquibase), and its advisory lock replaces the lock table.</li>
 * <li>Each call gets its own {@link Database} (default schema = the unit's schema, history
 * table = the module's), so concurrent units never share Liquibase state; its executor is
 * removed from Liquibase's executor registry afterwards.</li>
 * </ul>
 * A changeset with {@code runInTransaction="false"} runs the same way on a connection in
 * auto-commit mode (the runner arranges that, under a session-level advisory lock).
 */
public class LiquibaseChangeSetExecutor {

	private final ResourceAccessor resourceAccessor;

	/**
	 * Create an executor.
	 * @param resourceAccessor where SQL files of changesets are found
	 */
	public LiquibaseChangeSetExecutor(ResourceAccessor resourceAccessor) {
		this.resourceAccessor = resourceAccessor;
	}

	/**
	 * Where SQL files of changesets are found.
	 * @return the resource accessor
	 */
	public ResourceAccessor resourceAccessor() {
		return this.resourceAccessor;
	}

	/**
	 * Execute one changeset.
	 * @param connection the unit's connection, {@code search_path} on the schema
	 * @param schema the unquoted schema
	 * @param historyTable the module's history table
	 * @param changeLog the changeset's changelog
	 * @param changeSet the changeset
	 * @return what Liquibase did
	 * @throws Exception when the changeset or a halting precondition fails
	 */
	public ChangeSet.ExecType execute(Connection connection, String schema, String historyTable,
			DatabaseChangeLog changeLog, ChangeSet changeSet) throws Exception {
		boolean inTransaction = !connection.getAutoCommit();
		Savepoint savepoint = inTransaction ? connection.setSavepoint() : null;
		Connection guarded = guard(connection, inTransaction, savepoint);
		try {
			ChangeSet.ExecType result = LiquibaseScopes.call(this.resourceAccessor, () -> {
				Database database = database(guarded, schema, historyTable);
				try {
					return changeSet.execute(changeLog, null, database);
				}
				finally {
					Scope.getCurrentScope().getSingleton(ExecutorService.class).clearExecutor("jdbc", database);
				}
			});
			if (savepoint != null) {
				connection.releaseSavepoint(savepoint);
			}
			return result;
		}
		catch (Exception ex) {
			if (savepoint != null && !connection.isClosed()) {
				connection.rollback(savepoint);
			}
			throw ex;
		}
	}

	/**
	 * Check a changelog's own preconditions.
	 * @param connection the unit's connection
	 * @param schema the unquoted schema
	 * @param historyTable the module's history table
	 * @param changeLog the changelog
	 * @return {@code true} to go on, {@code false} when a failed precondition says to skip the
	 * changelog ({@code onFail="CONTINUE"} or {@code "MARK_RAN"})
	 * @throws Exception when a precondition fails with {@code onFail="HALT"} or errs
	 */
	public boolean checkChangeLogPreconditions(Connection connection, String schema, String historyTable,
			DatabaseChangeLog changeLog) throws Exception {
		PreconditionContainer preconditions = changeLog.getPreconditions();
		if (preconditions == null || preconditions.getNestedPreconditions().isEmpty()) {
			return true;
		}
		Connection guarded = guard(connection, !connection.getAutoCommit(), null);
		return LiquibaseScopes.call(this.resourceAccessor, () -> {
			Database database = database(guarded, schema, historyTable);
			try {
				preconditions.check(database, changeLog, null, null);
				return true;
			}
			catch (PreconditionFailedException ex) {
				PreconditionContainer.FailOption onFail = preconditions.getOnFail();
				if (onFail == PreconditionContainer.FailOption.WARN) {
					return true;
				}
				if (onFail == PreconditionContainer.FailOption.CONTINUE
						|| onFail == PreconditionContainer.FailOption.MARK_RAN) {
					return false;
				}
				throw ex;
			}
			catch (PreconditionErrorException ex) {
				if (preconditions.getOnError() == PreconditionContainer.ErrorOption.WARN) {
					return true;
				}
				if (preconditions.getOnError() == PreconditionContainer.ErrorOption.CONTINUE
						|| preconditions.getOnError() == PreconditionContainer.ErrorOption.MARK_RAN) {
					return false;
				}
				throw ex;
			}
			finally {
				Scope.getCurrentScope().getSingleton(ExecutorService.class).clearExecutor("jdbc", database);
			}
		});
	}

	private static Database database(Connection connection, String schema, String historyTable) throws Exception {
		Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
		database.setDefaultSchemaName(schema);
		database.setLiquibaseSchemaName(schema);
		database.setDatabaseChangeLogTableName(historyTable);
		database.setDatabaseChangeLogLockTableName(historyTable + "_lock");
		return database;
	}

	/**
	 * The connection as Liquibase may see it: it cannot close it, and inside the unit's
	 * transaction it cannot end the transaction or leave it (Liquibase switches auto-commit off
	 * when it attaches a connection and on for a non-transactional changeset), and its rollback
	 * goes back to the changeset's savepoint. The mode is fixed by the caller, not read from the
	 * connection, which Liquibase itself changes.
	 */
	private static Connection guard(Connection connection, boolean inTransaction, @Nullable Savepoint savepoint) {
		InvocationHandler handler = (proxy, method, args) -> {
			String name = method.getName();
			if (inTransaction) {
				switch (name) {
					case "commit", "close", "setAutoCommit":
						return null;
					case "rollback":
						if (args == null || args.length == 0) {
							if (savepoint != null) {
								connection.rollback(savepoint);
							}
							return null;
						}
						break;
					default:
						break;
				}
			}
			else if ("close".equals(name)) {
				return null;
			}
			return invoke(connection, method, args);
		};
		return (Connection) Proxy.newProxyInstance(LiquibaseChangeSetExecutor.class.getClassLoader(),
				new Class<?>[] { Connection.class }, handler);
	}

	private static @Nullable Object invoke(Connection connection, Method method, Object @Nullable [] args)
			throws Throwable {
		try {
			return method.invoke(connection, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	static boolean isConnectionError(SQLException ex) {
		String state = ex.getSQLState();
		return state != null && (state.startsWith("08") || state.startsWith("57P"));
	}

}
