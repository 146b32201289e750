package io.dotmac.database.embedded.test;

import java.lang.reflect.Modifier;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives the application context of every test class annotated with {@link DotmacTestServers} a fresh
 * {@link TestDatabase} and {@link TestRedis}. Registered in {@code META-INF/spring.factories}, so Spring
 * Test finds it without any further configuration.
 */
public class DotmacTestServersContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		if (!TestContextAnnotationUtils.hasAnnotation(testClass, DotmacTestServers.class)) {
			return null;
		}
		return new DotmacTestServersContextCustomizer(owningTestClass(testClass));
	}

	/**
	 * The test class that owns the databases: a {@code @Nested} (inner) class shares those of the
	 * class around it, as it does with the JUnit extension.
	 * @param testClass a test class
	 * @return the outermost class that encloses it as an inner class, or the class itself
	 */
	static Class<?> owningTestClass(Class<?> testClass) {
		Class<?> owner = testClass;
		while (owner.getEnclosingClass() != null && owner.isMemberClass() && !Modifier.isStatic(owner.getModifiers())) {
			owner = owner.getEnclosingClass();
		}
		return owner;
	}

}
