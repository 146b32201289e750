package io.dotmac.database.embedded.test;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Creates a {@link TestDatabase} and a {@link TestRedis} for one application context, points Spring
 * Boot's connection properties at them, registers both as beans, and drops the database when the
 * context closes ({@link DotmacTestServersTestExecutionListener} closes it after the test class).
 * <p>
 * Equality is by test class: Spring Test caches contexts by their configuration, customizers
 * included, so this gives each annotated test class (with its {@code @Nested} classes) a context and
 * a database of its own.
 */
final class DotmacTestServersContextCustomizer implements ContextCustomizer {

	static final String PROPERTY_SOURCE_NAME = "dotmacTestServers";

	static final String DATABASE_BEAN_NAME = "dotmacTestDatabase";

	static final String REDIS_BEAN_NAME = "dotmacTestRedis";

	private final Class<?> testClass;

	DotmacTestServersContextCustomizer(Class<?> testClass) {
		this.testClass = testClass;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		TestDatabase database = TestDatabase.create();
		try {
			TestRedis redis = TestRedis.create();
			addProperties(context, database, redis);
			registerBeans(context, database, redis);
		}
		catch (RuntimeException ex) {
			database.close();
			throw ex;
		}
	}

	private static void addProperties(ConfigurableApplicationContext context, TestDatabase database, TestRedis redis) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", database.jdbcUrl());
		properties.put("spring.datasource.username", database.ownerUsername());
		properties.put("spring.datasource.password", database.ownerPassword());
		properties.put("spring.data.redis.host", redis.host());
		properties.put("spring.data.redis.port", redis.port());
		properties.put("spring.data.redis.database", redis.database());
		MapPropertySource propertySource = new MapPropertySource(PROPERTY_SOURCE_NAME, properties);
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		// Above application.properties, so a real server configured there is never touched by tests;
		// below properties the test declares itself, which state a more specific intent.
		String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
		if (sources.contains(inlined)) {
			sources.addAfter(inlined, propertySource);
		}
		else {
			sources.addFirst(propertySource);
		}
	}

	private static void registerBeans(ConfigurableApplicationContext context, TestDatabase database,
			TestRedis redis) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(DATABASE_BEAN_NAME, database);
		beanFactory.registerSingleton(REDIS_BEAN_NAME, redis);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			// Registered before any other bean exists, so destroyed after all of them: the
			// connection pool is closed by the time the database is dropped.
			registry.registerDisposableBean(DATABASE_BEAN_NAME, database::close);
		}
		else {
			ApplicationListener<ContextClosedEvent> dropDatabase = (event) -> database.close();
			context.addApplicationListener(dropDatabase);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof DotmacTestServersContextCustomizer customizer)
				&& this.testClass.equals(customizer.testClass);
	}

	@Override
	public int hashCode() {
		return this.testClass.hashCode();
	}

}
