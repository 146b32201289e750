package io.dotmac.database.migration.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.UnitResult;

/**
 * Records the migration engine in Micrometer:
 * <ul>
 * <li>{@code dotmac.migration.run} (timer, tags {@code operation}, {@code outcome} =
 * {@code success} or {@code failure}): whole operations, wall clock; failure means at least
 * one unit failed;</li>
 * <li>{@code dotmac.migration.unit} (timer, tags {@code operation}, {@code module},
 * {@code target}, {@code outcome} = {@code changed}, {@code up_to_date} or {@code failed}):
 * one unit (one schema and module part), lock wait included;</li>
 * <li>{@code dotmac.migration.changesets.applied} (counter, tags {@code module},
 * {@code target}): changesets committed;</li>
 * <li>{@code dotmac.migration.changeset} (timer, tags {@code module}, {@code target}): how long
 * each changeset ran;</li>
 * <li>{@code dotmac.migration.units.failed} (counter, tags {@code operation}, {@code module},
 * {@code target}): failed units;</li>
 * <li>{@code dotmac.migration.lock.wait} (timer, tags {@code module}, {@code target}): waits for
 * a unit that another runner held;</li>
 * <li>{@code dotmac.migration.units.remaining} (gauge): units that the operations in progress
 * in this process have yet to finish (a progress bar for long fan-outs; 0 when idle).</li>
 * </ul>
 * Tenants and schemas are never tags: there may be thousands. Modules come from
 * configuration, so the series stay bounded. Thread-safe; never throws into the engine.
 */
public class MicrometerMigrationListener implements MigrationListener {

	private final MeterRegistry registry;

	private final AtomicInteger remaining = new AtomicInteger();

	/**
	 * What the operation running on this thread announced (an operation starts and finishes
	 * on its caller's thread; its units may finish on workers), to take back at its end what
	 * it never reported, so that a run cut short does not leave the gauge up.
	 */
	private final ThreadLocal<Integer> announced = new ThreadLocal<>();

	/**
	 * Create a listener that records in the registry.
	 * @param registry the registry
	 */
	public MicrometerMigrationListener(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
		Gauge.builder("dotmac.migration.units.remaining", this.remaining, AtomicInteger::get)
			.description("Migration units the operations in progress have yet to finish")
			.register(registry);
	}

	@Override
	public void runStarted(MigrationOperation operation, int units) {
		this.remaining.addAndGet(units);
		this.announced.set(units);
	}

	@Override
	public void lockWaited(MigrationUnit unit, Duration waited) {
		Timer.builder("dotmac.migration.lock.wait")
			.description("Time a migration unit waited for another runner's lock")
			.tag("module", unit.module())
			.tag("target", tag(unit.target()))
			.register(this.registry)
			.record(waited);
	}

	@Override
	public void changeSetApplied(MigrationUnit unit, ChangeSetRef changeSet, Duration duration) {
		Counter.builder("dotmac.migration.changesets.applied")
			.description("Changesets applied")
			.tag("module", unit.module())
			.tag("target", tag(unit.target()))
			.register(this.registry)
			.increment();
		Timer.builder("dotmac.migration.changeset")
			.description("Time one changeset ran")
			.tag("module", unit.module())
			.tag("target", tag(unit.target()))
			.register(this.registry)
			.record(duration);
	}

	@Override
	public void unitFinished(MigrationOperation operation, UnitResult result) {
		MigrationUnit unit = result.unit();
		Timer.builder("dotmac.migration.unit")
			.description("Time to migrate one unit (a module part in one schema), lock wait included")
			.tag("operation", tag(operation))
			.tag("module", unit.module())
			.tag("target", tag(unit.target()))
			.tag("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.record(result.duration());
		if (result.outcome() == UnitResult.Outcome.FAILED) {
			Counter.builder("dotmac.migration.units.failed")
				.description("Migration units that failed")
				.tag("operation", tag(operation))
				.tag("module", unit.module())
				.tag("target", tag(unit.target()))
				.register(this.registry)
				.increment();
		}
		// Never below zero, whatever order a caller reports in.
		this.remaining.updateAndGet((value) -> Math.max(0, value - 1));
	}

	@Override
	public void runFinished(MigrationOperation operation, MigrationReport report) {
		Timer.builder("dotmac.migration.run")
			.description("Time of whole migration operations")
			.tag("operation", tag(operation))
			.tag("outcome", report.hasFailures() ? "failure" : "success")
			.register(this.registry)
			.record(report.elapsed());
		Integer units = this.announced.get();
		this.announced.remove();
		if (units != null) {
			// Each reported unit was counted down by unitFinished; the rest never finished.
			int unfinished = units - report.units().size();
			if (unfinished > 0) {
				this.remaining.updateAndGet((value) -> Math.max(0, value - unfinished));
			}
		}
	}

	private static String tag(MigrationTarget target) {
		return target.name().toLowerCase(Locale.ROOT);
	}

	private static String tag(MigrationOperation operation) {
		return operation.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
