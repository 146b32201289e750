package io.dotmac.database.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.cli.CommandLineProgress;
import io.dotmac.database.migration.cli.DbCommandLine;
import io.dotmac.database.migration.cli.DbCommandLineEnvironmentPostProcessor;
import io.dotmac.database.migration.cli.DbCommandLineRunner;

/**
 * The {@code db} command line ({@code java -jar app.jar db upgrade --all-tenants}). Active only
 * when {@link DbCommandLineEnvironmentPostProcessor} recognised a {@code db} command line
 * (which also switched the web server and the startup migrations off); the command runs
 * against the engine's {@link TenantMigrations} bean, and reports progress through a
 * {@link CommandLineProgress} listener that the engine collects with the other
 * {@code MigrationListener} beans.
 */
@AutoConfiguration(afterName = "io.dotmac.database.autoconfigure.MigrationAutoConfiguration")
@ConditionalOnBooleanProperty(DbCommandLineEnvironmentPostProcessor.ACTIVE_PROPERTY)
@EnableConfigurationProperties(MigrationProperties.class)
public final class MigrationCommandLineAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CommandLineProgress dbCommandLineProgress(MigrationProperties properties) {
		return new CommandLineProgress(properties.getCommandLine().getProgressInterval());
	}

	/** The command line over the engine. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(TenantMigrations.class)
	static class CommandLineConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DbCommandLine dbCommandLine(TenantMigrations migrations, CommandLineProgress progress) {
			return new DbCommandLine(migrations, progress);
		}

		@Bean
		@ConditionalOnMissingBean
		DbCommandLineRunner dbCommandLineRunner(DbCommandLine commandLine, ApplicationContext context,
				MigrationProperties properties) {
			return new DbCommandLineRunner(commandLine, context, properties.getCommandLine().isExitWhenDone());
		}

	}

	/** No engine: say how to switch it on instead of starting the application silently. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(TenantMigrations.class)
	static class NoEngineConfiguration {

		@Bean
		DbCommandLineRunner dbCommandLineRunner(ApplicationContext context, MigrationProperties properties) {
			return new DbCommandLineRunner(DbCommandLine.unavailable("dotmac.database.migrations.enabled is not true,"
					+ " so there is no migration engine to run 'db' commands; set it to true"), context,
					properties.getCommandLine().isExitWhenDone());
		}

	}

}
