package io.dotmac.database.boot;

import java.util.Map;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a whole {@link SpringApplication}, so that the post-processor is found through
 * {@code spring.factories}, sees the user's configuration in every form Spring Boot
 * supports, and its values reach a running Hikari pool on a real database.
 */
@DotmacTestServers
class HikariPoolDefaultsApplicationTests {

	@Test
	void defaultsReachTheRunningPool(TestDatabase database) {
		try (ConfigurableApplicationContext context = run(database, Map.of())) {
			HikariConfigMXBean pool = startedPool(context);
			assertThat(pool.getMaxLifetime()).isEqualTo(1_200_000);
			assertThat(pool.getLeakDetectionThreshold()).isEqualTo(120_000);
			assertThat(pool.getConnectionTimeout()).isEqualTo(5_000);
			assertThat(pool.getValidationTimeout()).isEqualTo(2_000);
			assertThat(context.getBean(HikariDataSource.class).getKeepaliveTime()).isEqualTo(60_000);
			assertThat(context.getEnvironment()
				.getPropertySources()
				.contains(HikariPoolDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isTrue();
		}
	}

	@Test
	void userValuesWinInEveryForm(TestDatabase database) {
		Map<String, Object> defaultProperties = Map.of("spring.datasource.hikari.validation-timeout", "3000");
		try (ConfigurableApplicationContext context = run(database, defaultProperties,
				"--spring.datasource.hikari.maxLifetime=600000",
				"--spring.datasource.hikari.leak-detection-threshold=0",
				"--SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT=8000")) {
			HikariConfigMXBean pool = startedPool(context);
			assertThat(pool.getMaxLifetime()).isEqualTo(600_000);
			assertThat(pool.getLeakDetectionThreshold()).isZero();
			assertThat(pool.getValidationTimeout()).isEqualTo(3_000);
			// Left unset by the user: ours.
			assertThat(context.getBean(HikariDataSource.class).getKeepaliveTime()).isEqualTo(60_000);
		}
	}

	@Test
	void canBeSwitchedOff(TestDatabase database) {
		try (ConfigurableApplicationContext context = run(database, Map.of(),
				"--dotmac.database.pool.defaults-enabled=false")) {
			HikariConfigMXBean pool = startedPool(context);
			assertThat(pool.getMaxLifetime()).isEqualTo(1_800_000);
			assertThat(pool.getLeakDetectionThreshold()).isZero();
			assertThat(pool.getConnectionTimeout()).isEqualTo(30_000);
			assertThat(pool.getValidationTimeout()).isEqualTo(5_000);
			assertThat(context.getBean(HikariDataSource.class).getKeepaliveTime()).isEqualTo(120_000);
		}
	}

	private static ConfigurableApplicationContext run(TestDatabase database, Map<String, Object> defaultProperties,
			String... args) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(defaultProperties);
		String[] allArgs = new String[args.length + 4];
		allArgs[0] = "--spring.main.banner-mode=off";
		allArgs[1] = "--spring.datasource.url=" + database.jdbcUrl();
		allArgs[2] = "--spring.datasource.username=" + database.appUsername();
		allArgs[3] = "--spring.datasource.password=" + database.appPassword();
		System.arraycopy(args, 0, allArgs, 4, args.length);
		return application.run(allArgs);
	}

	private static HikariConfigMXBean startedPool(ConfigurableApplicationContext context) {
		HikariDataSource dataSource = context.getBean(HikariDataSource.class);
		// Hikari checks and may reset values when the pool starts; read them afterwards.
		assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT 1", Integer.class)).isOne();
		assertThat(dataSource.isRunning()).isTrue();
		return dataSource.getHikariConfigMXBean();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
	static class Application {

	}

}
