package io.dotmac.database.migration.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.dotmac.database.autoconfigure.MigrationCommandLineAutoConfiguration;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path of {@code java -jar app.jar db ...} through {@code SpringApplication}: the
 * post-processor from {@code spring.factories}, the auto-configuration, the runner and the exit
 * status. The engine is a recording test double here; the end-to-end test against the real
 * engine lives with the engine.
 */
@ExtendWith(OutputCaptureExtension.class)
class DbCommandLineApplicationTests {

	private static final String STAY_ALIVE = "--dotmac.database.migrations.command-line.exit-when-done=false";

	@Test
	void aDbCommandRunsAgainstTheMigrationApiAndGivesTheExitStatus(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplication(WithEngine.class).run("db", "upgrade",
				"--tenant", "acme", STAY_ALIVE)) {
			RecordingTenantMigrations migrations = context.getBean(RecordingTenantMigrations.class);
			assertThat(migrations.only("upgrade").args()).containsExactly(MigrationRequest.forTenants(TenantId.of("acme")));
			assertThat(context.getEnvironment().getProperty("spring.main.web-application-type")).isEqualTo("none");
			assertThat(context.getEnvironment().getProperty("dotmac.database.migrations.run-on-startup")).isEqualTo("false");
			// The engine reported to the progress listener bean, which printed while the command ran.
			assertThat(output).contains("Upgrading 1 unit", "Upgrade: 1 units, 1 changed (2 changesets)");
			assertThat(SpringApplication.exit(context)).isZero();
		}
	}

	@Test
	void aUsageErrorGivesExitStatusTwoAndCallsNothing(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplication(WithEngine.class).run("db", "downgrade", "-1",
				STAY_ALIVE)) {
			assertThat(context.getBean(RecordingTenantMigrations.class).calls).isEmpty();
			assertThat(output).contains("error: Say what to roll back", "Usage: db downgrade");
			assertThat(SpringApplication.exit(context)).isEqualTo(DbCommandLine.USAGE);
		}
	}

	@Test
	void withoutTheEngineTheCommandSaysHowToSwitchItOn(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplication(WithoutEngine.class).run("db", "status",
				STAY_ALIVE)) {
			assertThat(output).contains("dotmac.database.migrations.enabled is not true");
			assertThat(SpringApplication.exit(context)).isEqualTo(DbCommandLine.FAILURE);
		}
	}

	@Test
	void anOrdinaryStartRunsNoCommand() {
		try (ConfigurableApplicationContext context = new SpringApplication(WithEngine.class).run("--spring.main.web-application-type=none")) {
			assertThat(context.getBeansOfType(DbCommandLineRunner.class)).isEmpty();
			assertThat(context.getBean(RecordingTenantMigrations.class).calls).isEmpty();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(MigrationCommandLineAutoConfiguration.class)
	static class WithEngine {

		@Bean
		RecordingTenantMigrations recordingTenantMigrations(ObjectProvider<MigrationListener> listeners) {
			// The engine collects MigrationListener beans; the double reports to the one there is.
			RecordingTenantMigrations migrations = new RecordingTenantMigrations();
			migrations.listener = listeners.getIfUnique();
			return migrations;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(MigrationCommandLineAutoConfiguration.class)
	static class WithoutEngine {

	}

}
