package io.dotmac.database.boot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import io.dotmac.database.jdbc.HikariPoolDefaults;

/**
 * Offers {@link HikariPoolDefaults#standard()} to Spring Boot's Hikari pool as
 * {@code spring.datasource.hikari.*} properties in a property source of lowest precedence
 * named {@value #PROPERTY_SOURCE_NAME}, visible as such in the actuator's {@code env}
 * endpoint.
 * <p>
 * The user always wins: a setting is left out when any property source already holds it
 * in any form ({@code spring.datasource.hikari.max-lifetime},
 * {@code spring.datasource.hikari.maxLifetime},
 * {@code SPRING_DATASOURCE_HIKARI_MAXLIFETIME}, default properties), and a source added
 * later (a test's dynamic properties) takes precedence anyway. Nothing is added when
 * {@value #ENABLED_PROPERTY} is {@code false} or HikariCP is not on the class path.
 */
public class HikariPoolDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source that holds the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "dotmacDatabaseHikariDefaults";

	/** The property that switches the defaults off when {@code false}. */
	public static final String ENABLED_PROPERTY = "dotmac.database.pool.defaults-enabled";

	private static final String HIKARI_PREFIX = "spring.datasource.hikari.";

	private static final String HIKARI_CONFIG = "com.zaxxer.hikari.HikariConfig";

	private final Log logger;

	/**
	 * Create the post-processor; Spring Boot supplies the log factory.
	 * @param logFactory the factory of loggers whose output waits until logging is set up
	 */
	public HikariPoolDefaultsEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(HikariPoolDefaultsEnvironmentPostProcessor.class);
	}

	/**
	 * Run after the configuration files have been loaded, so that their values are seen.
	 * @return {@link Ordered#LOWEST_PRECEDENCE}
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// A second run on the same environment (a restarted application) starts afresh.
		environment.getPropertySources().remove(PROPERTY_SOURCE_NAME);
		if (!ClassUtils.isPresent(HIKARI_CONFIG, getClass().getClassLoader())) {
			return;
		}
		if (!Binder.get(environment).bind(ENABLED_PROPERTY, Boolean.class).orElse(true)) {
			this.logger.debug("dotmac Hikari pool defaults are switched off by " + ENABLED_PROPERTY);
			return;
		}
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
		Map<String, Object> defaults = new LinkedHashMap<>();
		HikariPoolDefaults.standard().asProperties().forEach((name, value) -> {
			String key = HIKARI_PREFIX + name;
			if (!isSet(sources, ConfigurationPropertyName.of(key))) {
				defaults.put(key, value);
			}
		});
		if (!defaults.isEmpty()) {
			environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
			this.logger.debug("dotmac Hikari pool defaults offered: " + defaults);
		}
	}

	private static boolean isSet(Iterable<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
		for (ConfigurationPropertySource source : sources) {
			if (source.getConfigurationProperty(name) != null) {
				return true;
			}
		}
		return false;
	}

}
