package io.dotmac.database.boot;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.dotmac.database.autoconfigure.DatabaseUrlAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts a whole application with a malformed {@code DATABASE_URL} environment variable and
 * reads what it prints: a failure analysis naming the problem, and no password anywhere.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidDatabaseUrlStartupTests {

	private static final String PASSWORD = "Zx9Tr0ub4dorQw7";

	@Test
	void malformedDatabaseUrlStopsStartupWithAnAnalysisAndNoPassword(CapturedOutput output) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(environmentWithVariable("DATABASE_URL",
				"postgres://app:" + PASSWORD + "@db.internal:54x32/shop?sslmode=require"));
		assertThatException().isThrownBy(() -> application.run("--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The database URL in DATABASE_URL is invalid: the port must be a number between 1 and 65535")
			.contains("Correct DATABASE_URL.")
			.contains("set spring.datasource.url")
			.doesNotContain(PASSWORD)
			.doesNotContain("54x32");
	}

	private static StandardEnvironment environmentWithVariable(String name, String value) {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> variables = new HashMap<>(environment.getSystemEnvironment());
		variables.put(name, value);
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return environment;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DatabaseUrlAutoConfiguration.class, DataSourceAutoConfiguration.class })
	static class Application {

	}

}
