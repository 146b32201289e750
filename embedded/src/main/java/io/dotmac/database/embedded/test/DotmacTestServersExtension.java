package io.dotmac.database.embedded.test;

import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Resolves {@link TestDatabase} and {@link TestRedis} parameters of constructors, lifecycle methods
 * and test methods. Each top-level test class gets one of each, shared with its {@code @Nested}
 * classes, created on first request and kept in the class's extension store, which closes the
 * database (drops it) when the class is done.
 * <p>
 * In a Spring test the parameters resolve to the beans that
 * {@link DotmacTestServersContextCustomizerFactory} put into the application context, so the test
 * and the application under test share one database.
 */
public class DotmacTestServersExtension implements ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(DotmacTestServersExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		// Spring's own resolver takes @Autowired and @Value parameters; two resolvers for one
		// parameter would make JUnit fail the test.
		return (type == TestDatabase.class || type == TestRedis.class)
				&& !parameterContext.isAnnotated(Autowired.class) && !parameterContext.isAnnotated(Value.class);
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		Optional<Object> fromSpring = SpringTestContexts.bean(extensionContext, type);
		if (fromSpring.isPresent()) {
			return fromSpring.get();
		}
		ExtensionContext.Store store = classContext(extensionContext).getStore(NAMESPACE);
		if (type == TestDatabase.class) {
			return store.computeIfAbsent(TestDatabase.class, (key) -> TestDatabase.create(), TestDatabase.class);
		}
		return store.computeIfAbsent(TestRedis.class, (key) -> TestRedis.create(), TestRedis.class);
	}

	// The databases belong to the top-level test class: its methods, its lifecycle methods and its
	// @Nested classes all share them (data from an outer @BeforeAll stays visible to nested tests),
	// and they are dropped when the whole class is done. Constructor parameters may be resolved in a
	// test method's context, hence the walk up.
	private static ExtensionContext classContext(ExtensionContext context) {
		ExtensionContext outermostClass = context;
		for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
				current = current.get().getParent()) {
			if (current.get().getElement().orElse(null) instanceof Class<?>) {
				outermostClass = current.get();
			}
		}
		return outermostClass;
	}

}
