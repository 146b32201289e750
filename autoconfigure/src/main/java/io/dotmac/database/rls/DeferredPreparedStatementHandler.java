package io.dotmac.database.rls;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A prepared statement of transaction mode whose driver statement is created when it
 * first runs, so that the hook can fold the write of the tenant setting into it. When it
 * is the statement that needs the setting (the first of a tenant transaction, or a tenant
 * statement in auto-commit mode) the driver prepares
 * {@code SELECT set_config(name, ?, true); <sql>}, which PgJDBC sends in one round trip,
 * and the statement's own results follow the setting's; otherwise it becomes a plain
 * statement and the hook treats it like any other.
 * <p>
 * Until the driver statement exists, parameter values and options are remembered (the
 * latest per parameter index and per option, so memory stays bounded however often a
 * statement is reused) and replayed on it; in the folded form parameter indexes move up
 * by one, because the first parameter is the tenant. A consequence: an error the driver
 * raises when a parameter is set (an index out of range, say) surfaces when the statement
 * runs. A folded statement that is used in a way the folded form cannot serve (a batch,
 * metadata, a run without a tenant) turns into a plain statement, with the remembered
 * values replayed.
 * <p>
 * Not thread-safe, like the JDBC statement it stands for.
 */
final class DeferredPreparedStatementHandler implements InvocationHandler {

	private enum State {

		/** No driver statement yet: setters are remembered. */
		DEFERRED,

		/** The folded driver statement serves runs and results. */
		FOLDED,

		/** A plain driver statement serves everything, through {@link RlsStatementHandler}. */
		PLAIN

	}

	private record Call(Method method, Object @Nullable [] args) {
	}

	private final RlsConnectionHandler connection;

	private final Connection connectionProxy;

	private final String sql;

	private final Map<Integer, Call> parameters = new HashMap<>();

	private final Map<String, Call> options = new LinkedHashMap<>();

	private State state = State.DEFERRED;

	private @Nullable PreparedStatement folded;

	private @Nullable RlsStatementHandler plain;

	private boolean closed;

	private DeferredPreparedStatementHandler(RlsConnectionHandler connection, Connection connectionProxy,
			String sql) {
		this.connection = connection;
		this.connectionProxy = connectionProxy;
		this.sql = sql;
	}

	/**
	 * A prepared statement for the application, whose driver statement comes later.
	 * @param connection the hook of the connection
	 * @param connectionProxy the connection the application holds
	 * @param sql the application's SQL
	 * @return the statement
	 */
	static PreparedStatement create(RlsConnectionHandler connection, Connection connectionProxy, String sql) {
		return JdbcProxies.preparedStatement(new DeferredPreparedStatementHandler(connection, connectionProxy, sql));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		String name = method.getName();
		switch (name) {
			case "equals" -> {
				return proxy == args[0];
			}
			case "hashCode" -> {
				return System.identityHashCode(proxy);
			}
			case "toString" -> {
				return "RLS prepared statement [" + this.sql + "]";
			}
			case "getConnection" -> {
				return this.connectionProxy;
			}
			case "isClosed" -> {
				return this.closed;
			}
			case "close" -> {
				close();
				return null;
			}
			case "unwrap" -> {
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return proxy;
				}
			}
			case "isWrapperFor" -> {
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return true;
				}
			}
			default -> {
				// handled below
			}
		}
		if (this.state == State.PLAIN) {
			return this.plain.invoke(proxy, method, args);
		}
		if (this.closed) {
			throw new SQLException("This statement has been closed.", "55000");
		}
		if (isRun(method, args)) {
			return this.connection.executeDeferred(this, method);
		}
		if (isParameterSetter(method)) {
			this.parameters.put((Integer) args[0], new Call(method, args));
			return (this.state == State.FOLDED) ? RlsConnectionHandler.call(this.folded, method, shifted(args)) : null;
		}
		if (name.equals("clearParameters")) {
			this.parameters.clear();
			return (this.state == State.FOLDED) ? RlsConnectionHandler.call(this.folded, method, args) : null;
		}
		if (isOption(method)) {
			this.options.put(name, new Call(method, args));
			return (this.state == State.FOLDED) ? RlsConnectionHandler.call(this.folded, method, args) : null;
		}
		if (this.state == State.FOLDED && readsResults(name)) {
			return RlsConnectionHandler.call(this.folded, method, args);
		}
		return becomePlain().invoke(proxy, method, args);
	}

	/** Whether this statement can run folded: it is not plain, and no fetch size asks for a cursor. */
	boolean canFold() {
		if (this.state == State.PLAIN) {
			return false;
		}
		Call fetchSize = this.options.get("setFetchSize");
		return fetchSize == null || (Integer) fetchSize.args()[0] == 0;
	}

	/** Whether this statement already runs in the folded form. */
	boolean isFolded() {
		return this.state == State.FOLDED;
	}

	/**
	 * The folded driver statement, created and given the remembered values on first use.
	 * @param foldedSql the SQL with the setting in front
	 * @return the folded statement; its first parameter is the tenant
	 */
	PreparedStatement folded(String foldedSql) throws Throwable {
		if (this.folded == null) {
			PreparedStatement statement = this.connection.prepareDriverStatement(foldedSql);
			try {
				replay(statement, true);
			}
			catch (Throwable ex) {
				closeQuietly(statement, ex);
				throw ex;
			}
			this.folded = statement;
			this.state = State.FOLDED;
		}
		return this.folded;
	}

	/**
	 * The application's SQL.
	 * @return the SQL as prepared by the application
	 */
	String sql() {
		return this.sql;
	}

	/**
	 * Turn into a plain statement (for good), created and given the remembered values.
	 * @return the handler that serves the statement from now on
	 */
	RlsStatementHandler becomePlain() throws Throwable {
		if (this.plain == null) {
			PreparedStatement statement = this.connection.prepareDriverStatement(this.sql);
			try {
				replay(statement, false);
			}
			catch (Throwable ex) {
				closeQuietly(statement, ex);
				throw ex;
			}
			this.plain = new RlsStatementHandler(statement, this.connection, this.connectionProxy);
			this.state = State.PLAIN;
			this.parameters.clear();
			this.options.clear();
		}
		return this.plain;
	}

	private void replay(PreparedStatement statement, boolean shift) throws Throwable {
		for (Call call : this.options.values()) {
			RlsConnectionHandler.call(statement, call.method(), call.args());
		}
		for (Call call : this.parameters.values()) {
			RlsConnectionHandler.call(statement, call.method(), shift ? shifted(call.args()) : call.args());
		}
	}

	private void close() throws SQLException {
		this.closed = true;
		SQLException failure = null;
		for (Statement statement : new Statement[] { this.folded, (this.plain != null) ? this.plain.target() : null }) {
			if (statement != null) {
				try {
					statement.close();
				}
				catch (SQLException ex) {
					if (failure == null) {
						failure = ex;
					}
					else {
						failure.addSuppressed(ex);
					}
				}
			}
		}
		this.parameters.clear();
		this.options.clear();
		if (failure != null) {
			throw failure;
		}
	}

	private static void closeQuietly(Statement statement, Throwable failure) {
		try {
			statement.close();
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	/** The argument-less execute methods of a prepared statement. */
	private static boolean isRun(Method method, Object @Nullable [] args) {
		if (args != null && args.length > 0) {
			return false;
		}
		return switch (method.getName()) {
			case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" -> true;
			default -> false;
		};
	}

	/**
	 * {@code setInt(index, value)} and the like: the parameter setters of a prepared
	 * statement. Every {@code set} method that {@link PreparedStatement} itself declares
	 * takes the parameter index first (the statement options are declared by
	 * {@link Statement}).
	 */
	private static boolean isParameterSetter(Method method) {
		return method.getDeclaringClass() == PreparedStatement.class && method.getName().startsWith("set");
	}

	/** {@code setFetchSize}, {@code setQueryTimeout} and the other statement options. */
	private static boolean isOption(Method method) {
		return method.getDeclaringClass() == Statement.class && method.getReturnType() == void.class
				&& (method.getName().startsWith("set") || method.getName().equals("closeOnCompletion"));
	}

	/** What a folded statement answers itself, after a run: its results and settings. */
	private static boolean readsResults(String name) {
		return switch (name) {
			case "getResultSet", "getUpdateCount", "getLargeUpdateCount", "getMoreResults", "getWarnings",
					"clearWarnings", "getGeneratedKeys", "getFetchSize", "getFetchDirection", "getMaxRows",
					"getLargeMaxRows", "getQueryTimeout", "getMaxFieldSize", "getResultSetType",
					"getResultSetConcurrency", "getResultSetHoldability", "isPoolable", "isCloseOnCompletion",
					"cancel" ->
				true;
			default -> false;
		};
	}

	private static Object[] shifted(Object[] args) {
		Object[] copy = args.clone();
		copy[0] = (Integer) args[0] + 1;
		return copy;
	}

}
