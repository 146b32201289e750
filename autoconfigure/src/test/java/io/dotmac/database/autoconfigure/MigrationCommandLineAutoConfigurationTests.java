package io.dotmac.database.autoconfigure;

import java.lang.reflect.Proxy;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.cli.CommandLineProgress;
import io.dotmac.database.migration.cli.DbCommandLine;
import io.dotmac.database.migration.cli.DbCommandLineRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigrationCommandLineAutoConfiguration}: present only for a {@code db} command line,
 * over the engine's {@link TenantMigrations} bean, or explaining its absence.
 */
class MigrationCommandLineAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MigrationCommandLineAutoConfiguration.class));

	private static TenantMigrations migrations() {
		// Never called here: the context is only inspected.
		return (TenantMigrations) Proxy.newProxyInstance(TenantMigrations.class.getClassLoader(),
				new Class<?>[] { TenantMigrations.class }, (proxy, method, args) -> switch (method.getName()) {
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "TenantMigrations (inspected, never called)";
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	@Test
	void backsOffWithoutADbCommandLine() {
		this.runner.withBean(TenantMigrations.class, MigrationCommandLineAutoConfigurationTests::migrations)
			.run((context) -> assertThat(context).doesNotHaveBean(DbCommandLineRunner.class)
				.doesNotHaveBean(CommandLineProgress.class));
	}

	@Test
	void runsTheCommandLineOverTheEngine() {
		this.runner.withBean(TenantMigrations.class, MigrationCommandLineAutoConfigurationTests::migrations)
			.withPropertyValues("dotmac.database.migrations.command-line.active=true",
					"dotmac.database.migrations.command-line.progress-interval=2s")
			.run((context) -> {
				assertThat(context).hasSingleBean(DbCommandLineRunner.class)
					.hasSingleBean(DbCommandLine.class)
					.hasSingleBean(CommandLineProgress.class);
				assertThat(context.getBean(MigrationProperties.class).getCommandLine().getProgressInterval())
					.isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void explainsAMissingEngine() {
		this.runner.withPropertyValues("dotmac.database.migrations.command-line.active=true")
			.run((context) -> assertThat(context).hasSingleBean(DbCommandLineRunner.class)
				.doesNotHaveBean(DbCommandLine.class));
	}

	@Test
	void aUserDefinedCommandLineWins() {
		DbCommandLine own = DbCommandLine.unavailable("mine");
		this.runner.withBean(TenantMigrations.class, MigrationCommandLineAutoConfigurationTests::migrations)
			.withBean(DbCommandLine.class, () -> own)
			.withPropertyValues("dotmac.database.migrations.command-line.active=true")
			.run((context) -> assertThat(context.getBean(DbCommandLine.class)).isSameAs(own));
	}

}
