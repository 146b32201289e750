package io.dotmac.database.migration.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Recognises {@code java -jar app.jar db ...} before the application context exists: when the
 * first non-option argument is {@code db}, the application starts as a command, not as a
 * server. A property source of highest precedence named {@value #PROPERTY_SOURCE_NAME} sets
 * <ul>
 * <li>{@code spring.main.web-application-type=none}: no web server;</li>
 * <li>{@code dotmac.database.migrations.run-on-startup=false}: the command decides what
 * runs, startup migrates nothing;</li>
 * <li>{@code spring.main.banner-mode=off}: the output is the command's;</li>
 * <li>{@value #ACTIVE_PROPERTY}{@code =true}: switches on
 * {@code MigrationCommandLineAutoConfiguration}, which runs the command.</li>
 * </ul>
 * Nothing changes when {@value #ENABLED_PROPERTY} is {@code false} (an application that uses a
 * {@code db} argument of its own).
 */
public class DbCommandLineEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source that turns the application into a command. */
	public static final String PROPERTY_SOURCE_NAME = "dotmacDatabaseCommandLine";

	/** Set when the application runs a {@code db} command; not meant to be set by hand. */
	public static final String ACTIVE_PROPERTY = "dotmac.database.migrations.command-line.active";

	/** Switches the detection off when {@code false}. */
	public static final String ENABLED_PROPERTY = "dotmac.database.migrations.command-line.enabled";

	private final Log logger;

	/**
	 * Create the post-processor; Spring Boot supplies the log factory.
	 * @param logFactory the factory of loggers whose output waits until logging is set up
	 */
	public DbCommandLineEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DbCommandLineEnvironmentPostProcessor.class);
	}

	/**
	 * Run after the configuration files have been loaded, so that {@value #ENABLED_PROPERTY}
	 * is seen there too.
	 * @return {@link Ordered#LOWEST_PRECEDENCE}
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().remove(PROPERTY_SOURCE_NAME);
		List<String> nonOptionArgs = nonOptionArgs(environment);
		if (nonOptionArgs.isEmpty() || !nonOptionArgs.get(0).equals(DbCommandLine.COMMAND)) {
			return;
		}
		if (!Binder.get(environment).bind(ENABLED_PROPERTY, Boolean.class).orElse(true)) {
			this.logger.debug("'db' argument left to the application: " + ENABLED_PROPERTY + " is false");
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.web-application-type", "none");
		properties.put("spring.main.banner-mode", "off");
		properties.put("dotmac.database.migrations.run-on-startup", "false");
		properties.put(ACTIVE_PROPERTY, "true");
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		this.logger.debug("Running the 'db' command line: " + properties);
	}

	private static List<String> nonOptionArgs(ConfigurableEnvironment environment) {
		// Spring's command line property source joins the non-option arguments with commas.
		String joined = environment.getProperty(CommandLinePropertySource.DEFAULT_NON_OPTION_ARGS_PROPERTY_NAME);
		if (!StringUtils.hasText(joined)) {
			return List.of();
		}
		return Arrays.stream(StringUtils.commaDelimitedListToStringArray(joined)).map(String::trim).toList();
	}

}
