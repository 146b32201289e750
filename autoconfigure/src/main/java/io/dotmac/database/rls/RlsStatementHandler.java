package io.dotmac.database.rls;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

/**
 * The statement side of the hook: passes every call through, except that the execute
 * methods first go to the {@link RlsConnectionHandler} of their connection, and
 * {@code getConnection()} returns the hooked connection rather than the one underneath.
 */
final class RlsStatementHandler implements InvocationHandler {

	private final Statement target;

	private final RlsConnectionHandler connection;

	private final Connection connectionProxy;

	RlsStatementHandler(Statement target, RlsConnectionHandler connection, Connection connectionProxy) {
		this.target = target;
		this.connection = connection;
		this.connectionProxy = connectionProxy;
	}

	/** The driver's (or pool's) statement. */
	Statement target() {
		return this.target;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		switch (method.getName()) {
			case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch",
					"executeLargeBatch" -> {
				return this.connection.execute(this.target, method, args);
			}
			case "getConnection" -> {
				return this.connectionProxy;
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
		return RlsConnectionHandler.call(this.target, method, args);
	}

}
