package io.dotmac.database.rls;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The hook's JDK proxies for connections and statements. Proxy classes are looked up once
 * and their constructors kept, because the hook creates a proxy for every connection and
 * statement: {@link Proxy#newProxyInstance} would look the class up again each time.
 */
final class JdbcProxies {

	private static final Constructor<?> CONNECTION = constructor(Connection.class);

	private static final Constructor<?> STATEMENT = constructor(Statement.class);

	private static final Constructor<?> PREPARED_STATEMENT = constructor(PreparedStatement.class);

	private static final Constructor<?> CALLABLE_STATEMENT = constructor(CallableStatement.class);

	private JdbcProxies() {
	}

	static Connection connection(InvocationHandler handler) {
		return (Connection) create(CONNECTION, handler);
	}

	static Statement statement(InvocationHandler handler) {
		return (Statement) create(STATEMENT, handler);
	}

	static PreparedStatement preparedStatement(InvocationHandler handler) {
		return (PreparedStatement) create(PREPARED_STATEMENT, handler);
	}

	static CallableStatement callableStatement(InvocationHandler handler) {
		return (CallableStatement) create(CALLABLE_STATEMENT, handler);
	}

	private static Object create(Constructor<?> constructor, InvocationHandler handler) {
		try {
			return constructor.newInstance(handler);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException("Could not create a JDBC proxy", ex.getTargetException());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not create a JDBC proxy", ex);
		}
	}

	private static Constructor<?> constructor(Class<?> type) {
		Object sample = Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> null);
		try {
			return sample.getClass().getConstructor(InvocationHandler.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("JDK proxies have a constructor taking an InvocationHandler", ex);
		}
	}

}
