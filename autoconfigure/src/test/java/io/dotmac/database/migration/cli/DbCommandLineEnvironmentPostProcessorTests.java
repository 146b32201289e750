package io.dotmac.database.migration.cli;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recognising {@code db} on the command line before the context exists. See
 * {@link DbCommandLineApplicationTests} for the whole path through {@code SpringApplication}.
 */
class DbCommandLineEnvironmentPostProcessorTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	private final DbCommandLineEnvironmentPostProcessor postProcessor = new DbCommandLineEnvironmentPostProcessor(
			new DeferredLogs());

	private void postProcess(String... args) {
		if (args.length > 0) {
			this.environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		}
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
	}

	@Test
	void isRegisteredInSpringFactories() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class,
					SpringFactoriesLoader.ArgumentResolver.of(DeferredLogFactory.class, new DeferredLogs())))
			.hasAtLeastOneElementOfType(DbCommandLineEnvironmentPostProcessor.class);
	}

	@Test
	void aDbCommandTurnsOffTheWebServerAndTheStartupMigrations() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application.properties",
					Map.of("dotmac.database.migrations.run-on-startup", "true", "spring.main.web-application-type", "servlet")));
		postProcess("--spring.profiles.active=prod", "db", "upgrade", "--tenant", "acme");
		assertThat(this.environment.getPropertySources().iterator().next().getName())
			.isEqualTo(DbCommandLineEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
		assertThat(this.environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(this.environment.getProperty("dotmac.database.migrations.run-on-startup")).isEqualTo("false");
		assertThat(this.environment.getProperty("spring.main.banner-mode")).isEqualTo("off");
		assertThat(this.environment.getProperty(DbCommandLineEnvironmentPostProcessor.ACTIVE_PROPERTY)).isEqualTo("true");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "server", "dbx upgrade", "upgrade db", "--db", "--spring.main.banner-mode=off" })
	void otherCommandLinesAreLeftAlone(String line) {
		postProcess(line.isEmpty() ? new String[0] : line.split(" "));
		assertThat(this.environment.getPropertySources().contains(DbCommandLineEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
		assertThat(this.environment.getProperty(DbCommandLineEnvironmentPostProcessor.ACTIVE_PROPERTY)).isNull();
	}

	@Test
	void theDetectionCanBeSwitchedOff() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application.properties",
					Map.of(DbCommandLineEnvironmentPostProcessor.ENABLED_PROPERTY, "false")));
		postProcess("db", "upgrade");
		assertThat(this.environment.getProperty(DbCommandLineEnvironmentPostProcessor.ACTIVE_PROPERTY)).isNull();
		assertThat(this.environment.getProperty("spring.main.web-application-type")).isNull();
	}

}
