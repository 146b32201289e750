package io.dotmac.database.embedded.test;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestExecutionListener;

/**
 * Closes the application context of a {@link DotmacTestServers} test class once the class is done,
 * which drops its database and closes its connection pool.
 * <p>
 * Such a context is never reused by another class (its customizer is equal only for the same class),
 * so leaving it in Spring's context cache would only hold about ten idle connections per class until
 * the JVM exits, and a few dozen test classes would exhaust the server's connection limit.
 * <p>
 * Registered in {@code META-INF/spring.factories}. It runs last after a class, so other listeners
 * still find the context open.
 */
public class DotmacTestServersTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public int getOrder() {
		// After-class callbacks run in reverse order: the smallest order runs last.
		return Ordered.HIGHEST_PRECEDENCE + 1000;
	}

	@Override
	public void afterTestClass(TestContext testContext) {
		Class<?> testClass = testContext.getTestClass();
		boolean ownsItsContext = DotmacTestServersContextCustomizerFactory.owningTestClass(testClass) == testClass;
		if (ownsItsContext && TestContextAnnotationUtils.hasAnnotation(testClass, DotmacTestServers.class)
				&& testContext.hasApplicationContext()) {
			testContext.markApplicationContextDirty(null);
		}
	}

}
