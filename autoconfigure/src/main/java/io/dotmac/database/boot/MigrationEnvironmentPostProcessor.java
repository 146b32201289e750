package io.dotmac.database.boot;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches Spring Boot's own Liquibase integration off ({@code spring.liquibase.enabled=false})
 * when tenant-aware migrations are on ({@code dotmac.database.migrations.enabled=true}): the
 * migration engine applies the changelogs instead, and two runners of the same changelog would
 * race. The setting goes into a property source of lowest precedence named
 * {@value #PROPERTY_SOURCE_NAME}, so an explicit {@code spring.liquibase.enabled} of the user's
 * wins.
 */
public class MigrationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source that holds the setting. */
	public static final String PROPERTY_SOURCE_NAME = "dotmacDatabaseMigrations";

	static final String ENABLED_PROPERTY = "dotmac.database.migrations.enabled";

	static final String LIQUIBASE_ENABLED = "spring.liquibase.enabled";

	/**
	 * Run after the configuration files have been loaded.
	 * @return {@link Ordered#LOWEST_PRECEDENCE}
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().remove(PROPERTY_SOURCE_NAME);
		Binder binder = Binder.get(environment);
		if (!binder.bind(ENABLED_PROPERTY, Boolean.class).orElse(false)) {
			return;
		}
		if (binder.bind(LIQUIBASE_ENABLED, Boolean.class).isBound()) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(LIQUIBASE_ENABLED, false)));
	}

}
