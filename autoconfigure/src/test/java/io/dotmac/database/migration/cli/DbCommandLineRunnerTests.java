package io.dotmac.database.migration.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner ends the process with the command's status, after closing the context.
 */
class DbCommandLineRunnerTests {

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	private final PrintStream out = new PrintStream(this.output, true, StandardCharsets.UTF_8);

	@Test
	void endsTheProcessWithTheCommandsStatusAfterClosingTheContext() {
		AtomicInteger exitedWith = new AtomicInteger(-1);
		RecordingTenantMigrations migrations = new RecordingTenantMigrations();
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.refresh();
			DbCommandLineRunner runner = new DbCommandLineRunner(new DbCommandLine(migrations), context, true,
					exitedWith::set, this.out, this.out);
			context.getBeanFactory().registerSingleton("dbCommandLineRunner", runner);
			runner.run(new DefaultApplicationArguments("db", "downgrade", "--tenant", "acme"));
			assertThat(exitedWith).hasValue(DbCommandLine.USAGE);
			assertThat(runner.getExitCode()).isEqualTo(DbCommandLine.USAGE);
			assertThat(context.isActive()).isFalse();
		}
		assertThat(migrations.calls).isEmpty();
	}

	@Test
	void staysAliveWhenAskedTo() {
		AtomicInteger exitedWith = new AtomicInteger(-1);
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.refresh();
			DbCommandLineRunner runner = new DbCommandLineRunner(new DbCommandLine(new RecordingTenantMigrations()), context,
					false, exitedWith::set, this.out, this.out);
			runner.run(new DefaultApplicationArguments("db", "status"));
			assertThat(runner.getExitCode()).isZero();
			assertThat(exitedWith).hasValue(-1);
			assertThat(context.isActive()).isTrue();
		}
	}

}
