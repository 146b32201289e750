package io.dotmac.database.embedded.test;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Finds beans in the Spring application context of a JUnit test, when the test runs with Spring's
 * {@code SpringExtension}. Spring Test is optional: nothing here links against it unless it is on the
 * class path.
 */
final class SpringTestContexts {

	private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

	private static final boolean springTestPresent = ClassUtils.isPresent(SPRING_EXTENSION,
			SpringTestContexts.class.getClassLoader());

	private SpringTestContexts() {
	}

	/**
	 * The bean of a type from the test's application context.
	 * @param context the JUnit context of the test
	 * @param type the bean type
	 * @return the bean, or empty if the test does not run with Spring or the context has no such bean
	 */
	static Optional<Object> bean(ExtensionContext context, Class<?> type) {
		if (!springTestPresent || !runsWithSpring(context.getRequiredTestClass())) {
			return Optional.empty();
		}
		return Optional.ofNullable(SpringExtensionAccess.applicationContext(context).getBeanProvider(type).getIfAvailable());
	}

	// A @Nested class inherits the extensions of the classes that enclose it.
	private static boolean runsWithSpring(Class<?> testClass) {
		for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
			boolean registered = AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)
				.stream()
				.flatMap((extendWith) -> Arrays.stream(extendWith.value()))
				.anyMatch((extension) -> extension.getName().equals(SPRING_EXTENSION));
			if (registered) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Holds the only reference to Spring Test's JUnit extension.
	 */
	private static final class SpringExtensionAccess {

		static ApplicationContext applicationContext(ExtensionContext context) {
			return org.springframework.test.context.junit.jupiter.SpringExtension.getApplicationContext(context);
		}

	}

}
