package io.dotmac.database.migration.liquibase;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

import org.jspecify.annotations.Nullable;

/**
 * The connection Liquibase sees during one unit operation: the caller's connection, except
 * that
 * <ul>
 * <li>Liquibase's transaction boundaries become savepoints of the unit's one transaction
 * (which the advisory lock lives in): {@code commit()} marks a new savepoint, and
 * {@code rollback()} goes back to the last one. Liquibase commits after each changeset and
 * rolls back after checking a changeset's preconditions (whether or not it has any) and when a
 * changeset fails, so this keeps Liquibase's semantics for each changeset while the unit is
 * committed, or rolled back, as a whole;</li>
 * <li>{@code setAutoCommit()} and {@code close()} do nothing, so the caller's connection stays
 * in its transaction and open;</li>
 * <li>it equals only itself, so the services Liquibase caches per connection in JVM-wide
 * factories ({@code ChangeLogHistoryServiceFactory}, {@code LockServiceFactory},
 * {@code ExecutorService}) are never shared with another operation or with the
 * application's own Liquibase, even on the same pooled connection;</li>
 * <li>once the operation ends it is cut off from the real connection, so a service Liquibase
 * keeps in a cache cannot reach a connection that went back to the pool.</li>
 * </ul>
 */
final class UnitConnection implements InvocationHandler {

	private volatile @Nullable Connection delegate;

	private @Nullable Savepoint checkpoint;

	private UnitConnection(Connection delegate) {
		this.delegate = delegate;
	}

	/**
	 * Wrap a connection that is in a transaction, marking the first savepoint; what the
	 * connection did before (the lock, the search path) is never rolled back by Liquibase.
	 * @param connection the connection, auto-commit off
	 * @return the wrapper
	 * @throws SQLException when the savepoint cannot be set
	 */
	static UnitConnection begin(Connection connection) throws SQLException {
		UnitConnection unitConnection = new UnitConnection(connection);
		unitConnection.checkpoint = connection.setSavepoint();
		return unitConnection;
	}

	Connection proxy() {
		return (Connection) Proxy.newProxyInstance(UnitConnection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, this);
	}

	/**
	 * Release the last savepoint, after the work succeeded.
	 * @throws SQLException when PostgreSQL fails
	 */
	void finish() throws SQLException {
		Connection target = this.delegate;
		if (target != null && this.checkpoint != null) {
			target.releaseSavepoint(this.checkpoint);
			this.checkpoint = null;
		}
	}

	/**
	 * Cut the wrapper off from the real connection.
	 */
	void release() {
		this.delegate = null;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		String name = method.getName();
		int arity = (args != null) ? args.length : 0;
		switch (name) {
			case "equals":
				return arity == 1 && proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "UnitConnection[" + this.delegate + "]";
			case "setAutoCommit":
			case "close":
				return null;
			case "getAutoCommit":
				return false;
			case "isClosed":
				return this.delegate == null || this.delegate.isClosed();
			default:
				break;
		}
		Connection target = this.delegate;
		if (target == null) {
			throw new SQLException("The migration unit's operation has ended; this connection is no longer usable");
		}
		if ("commit".equals(name)) {
			checkpoint(target);
			return null;
		}
		if ("rollback".equals(name) && arity == 0) {
			if (this.checkpoint != null) {
				target.rollback(this.checkpoint);
			}
			return null;
		}
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private synchronized void checkpoint(Connection target) throws SQLException {
		if (this.checkpoint != null) {
			target.releaseSavepoint(this.checkpoint);
		}
		this.checkpoint = target.setSavepoint();
	}

}
