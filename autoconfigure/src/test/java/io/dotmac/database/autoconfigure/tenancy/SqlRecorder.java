package io.dotmac.database.autoconfigure.tenancy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Records every SQL text and every bound parameter that reaches the JDBC driver through the
 * application's DataSource, so that a test can prove that hostile input never got there.
 */
final class SqlRecorder implements BeanPostProcessor {

	private final List<String> recorded = new CopyOnWriteArrayList<>();

	List<String> recorded() {
		return List.copyOf(this.recorded);
	}

	void clear() {
		this.recorded.clear();
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && "dataSource".equals(beanName)) {
			return proxy(DataSource.class, dataSource, (target, method, args) -> {
				Object result = method.invoke(target, args);
				return (result instanceof Connection connection) ? connection(connection) : result;
			});
		}
		return bean;
	}

	private Connection connection(Connection connection) {
		return proxy(Connection.class, connection, (target, method, args) -> {
			if (args != null && args.length > 0 && args[0] instanceof String sql
					&& (method.getName().startsWith("prepare") || method.getName().startsWith("native"))) {
				this.recorded.add("sql: " + sql);
			}
			Object result = method.invoke(target, args);
			if (result instanceof Statement statement && Statement.class.isAssignableFrom(method.getReturnType())) {
				return statement(method.getReturnType(), statement);
			}
			return result;
		});
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private Object statement(Class<?> type, Statement statement) {
		return proxy((Class) type, statement, (target, method, args) -> {
			if (args != null && method.getName().startsWith("set") && args.length >= 2) {
				this.recorded.add("parameter: " + args[1]);
			}
			if (args != null && args.length > 0 && args[0] instanceof String sql && method.getName().startsWith("execute")) {
				this.recorded.add("sql: " + sql);
			}
			return method.invoke(target, args);
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, T target, Handler<T> handler) {
		InvocationHandler invocationHandler = (proxy, method, args) -> {
			if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
				return method.invoke(target, args);
			}
			try {
				return handler.handle(target, method, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return (T) Proxy.newProxyInstance(SqlRecorder.class.getClassLoader(), new Class<?>[] { type },
				invocationHandler);
	}

	@FunctionalInterface
	private interface Handler<T> {

		Object handle(T target, Method method, Object[] args) throws Exception;

	}

}
