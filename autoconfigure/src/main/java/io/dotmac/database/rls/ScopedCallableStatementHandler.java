package io.dotmac.database.rls;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * The hook on a {@link CallableStatement}: a JDK proxy that passes every call through,
 * except that the execute methods first go to the {@link ScopedConnection} and
 * {@code getConnection()} returns it rather than the connection underneath. Calls of
 * stored procedures are rare enough that a proxy serves them, instead of forwarding the
 * hundred-odd methods of the interface by hand as {@link ForwardingPreparedStatement} does
 * for the statements every application uses.
 */
final class ScopedCallableStatementHandler implements InvocationHandler {

	private final CallableStatement target;

	private final ScopedConnection connection;

	private ScopedCallableStatementHandler(CallableStatement target, ScopedConnection connection) {
		this.target = target;
		this.connection = connection;
	}

	/**
	 * Wrap a callable statement.
	 * @param target the driver's (or pool's) statement
	 * @param connection the connection that handed it out
	 * @return the statement that applications get
	 */
	static CallableStatement wrap(CallableStatement target, ScopedConnection connection) {
		return (CallableStatement) Proxy.newProxyInstance(ScopedCallableStatementHandler.class.getClassLoader(),
				new Class<?>[] { CallableStatement.class }, new ScopedCallableStatementHandler(target, connection));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		switch (method.getName()) {
			case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch",
					"executeLargeBatch" -> {
				return this.connection.execute(this.target, () -> execute(method, args));
			}
			case "getConnection" -> {
				return this.connection;
			}
			case "equals" -> {
				return proxy == args[0];
			}
			case "hashCode" -> {
				return System.identityHashCode(proxy);
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
				// fall through to the target
			}
		}
		return invokeTarget(method, args);
	}

	private @Nullable Object invokeTarget(Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/**
	 * Call an execute method, inside {@link ScopedConnection#execute}. Execute methods
	 * declare only {@link SQLException}, so that and unchecked exceptions are all they throw.
	 */
	private @Nullable Object execute(Method method, Object @Nullable [] args) throws SQLException {
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			Throwable failure = ex.getTargetException();
			if (failure instanceof SQLException sqlException) {
				throw sqlException;
			}
			if (failure instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			if (failure instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("Undeclared exception from " + method, failure);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Could not call " + method, ex);
		}
	}

}
