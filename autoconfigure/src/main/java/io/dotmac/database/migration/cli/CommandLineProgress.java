package io.dotmac.database.migration.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.UnitResult;

/**
 * Progress of long runs on the command line: a line every tenth of the units or every few
 * seconds, whichever comes first, and every failed unit as it fails. Registered with the
 * engine like any {@link MigrationListener}; it prints only while {@link DbCommandLine} runs a
 * command ({@link #attach}), so it stays quiet for other callers of the engine.
 */
public class CommandLineProgress implements MigrationListener {

	private final Duration interval;

	private volatile @Nullable PrintStream out;

	private final AtomicInteger done = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private final AtomicInteger changeSets = new AtomicInteger();

	private volatile int total;

	private volatile long started;

	private volatile long lastPrinted;

	/**
	 * Create a progress printer.
	 * @param interval the longest time between two progress lines
	 */
	public CommandLineProgress(Duration interval) {
		this.interval = Objects.requireNonNull(interval, "interval must not be null");
	}

	/**
	 * Print progress to a stream until {@link #detach()}.
	 * @param stream where to print
	 */
	void attach(PrintStream stream) {
		this.out = stream;
	}

	/**
	 * Stop printing.
	 */
	void detach() {
		this.out = null;
	}

	@Override
	public void runStarted(MigrationOperation operation, int units) {
		PrintStream stream = this.out;
		this.done.set(0);
		this.failed.set(0);
		this.changeSets.set(0);
		this.total = units;
		this.started = System.nanoTime();
		this.lastPrinted = this.started;
		if (stream != null) {
			print(stream, verb(operation) + " " + units + ((units == 1) ? " unit" : " units"));
		}
	}

	@Override
	public void unitFinished(MigrationOperation operation, UnitResult result) {
		int finished = this.done.incrementAndGet();
		this.changeSets.addAndGet(result.changeSets().size());
		PrintStream stream = this.out;
		if (result.outcome() == UnitResult.Outcome.FAILED) {
			this.failed.incrementAndGet();
			if (stream != null) {
				print(stream, "  FAILED " + DbCommandLine.describe(result.unit()) + ": "
						+ ((result.error() != null) ? result.error().getMessage() : "unknown error"));
			}
		}
		if (stream == null) {
			return;
		}
		long now = System.nanoTime();
		int step = Math.max(1, this.total / 10);
		if (finished % step == 0 || finished == this.total || now - this.lastPrinted >= this.interval.toNanos()) {
			this.lastPrinted = now;
			int percent = (this.total > 0) ? (int) (100L * finished / this.total) : 100;
			print(stream, String.format(Locale.ROOT, "  %d/%d units (%d%%), %d failed, %d changesets, %s", finished,
					this.total, percent, this.failed.get(), this.changeSets.get(),
					DbCommandLine.format(Duration.ofNanos(now - this.started))));
		}
	}

	@Override
	public void runFinished(MigrationOperation operation, MigrationReport report) {
		// DbCommandLine prints the summary.
	}

	private synchronized void print(PrintStream stream, String line) {
		stream.println(line);
		stream.flush();
	}

	private static String verb(MigrationOperation operation) {
		return switch (operation) {
			case UPGRADE -> "Upgrading";
			case DOWNGRADE -> "Downgrading";
			case STAMP -> "Stamping";
			case DRY_RUN -> "Rendering SQL for";
			case CREATE -> "Creating";
		};
	}

}
