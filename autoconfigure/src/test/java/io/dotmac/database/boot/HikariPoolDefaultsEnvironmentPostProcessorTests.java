package io.dotmac.database.boot;

import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the post-processor on an environment built by hand. See
 * {@code HikariPoolDefaultsApplicationTests} for the whole path through
 * {@code SpringApplication} to a running pool.
 */
class HikariPoolDefaultsEnvironmentPostProcessorTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	private final HikariPoolDefaultsEnvironmentPostProcessor postProcessor =
			new HikariPoolDefaultsEnvironmentPostProcessor(new DeferredLogs());

	@Test
	void isRegisteredInSpringFactories() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(EnvironmentPostProcessor.class,
				SpringFactoriesLoader.ArgumentResolver.of(DeferredLogFactory.class,
						new DeferredLogs())))
			.hasAtLeastOneElementOfType(HikariPoolDefaultsEnvironmentPostProcessor.class);
	}

	@Test
	void addsTheDefaultsAsTheLastPropertySource() {
		postProcess();
		PropertySource<?> last = this.environment.getPropertySources().stream().reduce((a, b) -> b).orElseThrow();
		assertThat(last.getName()).isEqualTo(HikariPoolDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
		assertThat(last.getSource()).isEqualTo(Map.of("spring.datasource.hikari.keepalive-time", "60000",
				"spring.datasource.hikari.max-lifetime", "1200000",
				"spring.datasource.hikari.leak-detection-threshold", "120000",
				"spring.datasource.hikari.connection-timeout", "5000",
				"spring.datasource.hikari.validation-timeout", "2000"));
		HikariConfig bound = bindHikari();
		assertThat(bound.getKeepaliveTime()).isEqualTo(60_000);
		assertThat(bound.getConnectionTimeout()).isEqualTo(5_000);
	}

	@Test
	void userSettingsWinInAnyForm() {
		addFirst(new MapPropertySource("application.properties",
				Map.of("spring.datasource.hikari.maxLifetime", "600000")));
		addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
				Map.of("SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT", "1000")));
		addFirst(new MapPropertySource("commandLineArgs",
				Map.of("spring.datasource.hikari.leak-detection-threshold", "0")));
		postProcess();
		assertThat(defaultsSource()).containsOnlyKeys("spring.datasource.hikari.keepalive-time",
				"spring.datasource.hikari.validation-timeout");
		HikariConfig bound = bindHikari();
		assertThat(bound.getMaxLifetime()).isEqualTo(600_000);
		assertThat(bound.getConnectionTimeout()).isEqualTo(1_000);
		assertThat(bound.getLeakDetectionThreshold()).isZero();
		assertThat(bound.getKeepaliveTime()).isEqualTo(60_000);
		assertThat(bound.getValidationTimeout()).isEqualTo(2_000);
	}

	@Test
	void defaultPropertiesWinEvenThoughSpringBootMovesThemToTheEnd() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("defaultProperties",
					Map.of("spring.datasource.hikari.validation-timeout", "3000")));
		postProcess();
		// What SpringApplication does after the post-processors have run.
		this.environment.getPropertySources()
			.addLast(this.environment.getPropertySources().remove("defaultProperties"));
		assertThat(defaultsSource()).doesNotContainKey("spring.datasource.hikari.validation-timeout");
		assertThat(bindHikari().getValidationTimeout()).isEqualTo(3_000);
	}

	@Test
	void canBeSwitchedOff() {
		addFirst(new MapPropertySource("application.properties",
				Map.of(HikariPoolDefaultsEnvironmentPostProcessor.ENABLED_PROPERTY, "false")));
		postProcess();
		assertThat(this.environment.getPropertySources()
			.contains(HikariPoolDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(bindHikari().getConnectionTimeout()).isEqualTo(30_000);
	}

	@Test
	void canBeSwitchedOffByEnvironmentVariable() {
		addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
				Map.of("DOTMAC_DATABASE_POOL_DEFAULTSENABLED", "false")));
		postProcess();
		assertThat(this.environment.getPropertySources()
			.contains(HikariPoolDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void runningTwiceKeepsOneSource() {
		postProcess();
		postProcess();
		assertThat(this.environment.getPropertySources()
			.stream()
			.filter((source) -> source.getName().equals(HikariPoolDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)))
			.hasSize(1);
		assertThat(defaultsSource()).hasSize(5);
	}

	private void addFirst(PropertySource<?> source) {
		this.environment.getPropertySources().addFirst(source);
	}

	private void postProcess() {
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> defaultsSource() {
		return (Map<String, Object>) this.environment.getPropertySources()
			.get(HikariPoolDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)
			.getSource();
	}

	private HikariConfig bindHikari() {
		ConfigurationPropertySources.attach(this.environment);
		return Binder.get(this.environment)
			.bind("spring.datasource.hikari", Bindable.ofInstance(new HikariConfig()))
			.orElseGet(HikariConfig::new);
	}

}
