package io.dotmac.database.migration.cli;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.IntConsumer;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;

/**
 * Runs the {@code db} command once the application context is ready, and ends the process
 * with the command's exit status (0 success, 1 failure, 2 usage error). The status is also
 * this bean's {@link ExitCodeGenerator} value, for applications that end themselves with
 * {@code System.exit(SpringApplication.exit(context))}.
 */
public class DbCommandLineRunner implements ApplicationRunner, ExitCodeGenerator, Ordered {

	private final DbCommandLine commandLine;

	private final ApplicationContext context;

	private final boolean exitWhenDone;

	private final IntConsumer exit;

	private final PrintStream out;

	private final PrintStream err;

	private volatile int exitCode;

	/**
	 * Create a runner that prints to the standard streams and ends the process when done.
	 * @param commandLine the command line
	 * @param context the application context, closed before the process ends
	 * @param exitWhenDone whether to end the process with the command's status
	 */
	public DbCommandLineRunner(DbCommandLine commandLine, ApplicationContext context, boolean exitWhenDone) {
		this(commandLine, context, exitWhenDone, System::exit, System.out, System.err);
	}

	DbCommandLineRunner(DbCommandLine commandLine, ApplicationContext context, boolean exitWhenDone, IntConsumer exit,
			PrintStream out, PrintStream err) {
		this.commandLine = Objects.requireNonNull(commandLine, "commandLine must not be null");
		this.context = Objects.requireNonNull(context, "context must not be null");
		this.exitWhenDone = exitWhenDone;
		this.exit = exit;
		this.out = out;
		this.err = err;
	}

	/**
	 * Run before the application's own runners, which a command should not wait for.
	 * @return {@link Ordered#HIGHEST_PRECEDENCE}
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.exitCode = this.commandLine.run(args.getSourceArgs(), this.out, this.err);
		if (this.exitWhenDone) {
			// Closes the context (its ExitCodeGenerator beans, this one included, give the
			// status) before the JVM ends, so pools and hooks shut down in order.
			this.exit.accept(SpringApplication.exit(this.context));
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
