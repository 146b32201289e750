package io.dotmac.database.migration.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.MigrationUpgradeException;
import io.dotmac.database.migration.UnitResult;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerMigrationListenerTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerMigrationListener listener = new MicrometerMigrationListener(this.registry);

	private final MigrationUnit acme = unit("acme");

	private final MigrationUnit globex = unit("globex");

	private final ChangeSetRef orders = new ChangeSetRef("001-orders", "dev", "db/tenant.xml");

	private final ChangeSetRef invoices = new ChangeSetRef("002-invoices", "dev", "db/tenant.xml");

	@Test
	void recordsAnUpgradeWithOneFailedUnit() {
		this.listener.runStarted(MigrationOperation.UPGRADE, 2);
		assertThat(remaining()).isEqualTo(2);

		this.listener.lockWaited(this.acme, Duration.ofMillis(250));
		this.listener.changeSetApplied(this.acme, this.orders, Duration.ofMillis(30));
		this.listener.changeSetApplied(this.acme, this.invoices, Duration.ofMillis(20));
		UnitResult changed = new UnitResult(this.acme, UnitResult.Outcome.CHANGED, List.of(this.orders, this.invoices),
				Duration.ofMillis(300), null);
		this.listener.unitFinished(MigrationOperation.UPGRADE, changed);
		assertThat(remaining()).isEqualTo(1);
		UnitResult failed = new UnitResult(this.globex, UnitResult.Outcome.FAILED, List.of(), Duration.ofMillis(80),
				new MigrationUpgradeException("boom", null, TenantId.of("globex"), "app", this.orders.toString()));
		this.listener.unitFinished(MigrationOperation.UPGRADE, failed);
		this.listener.runFinished(MigrationOperation.UPGRADE,
				new MigrationReport(List.of(changed, failed), Duration.ofMillis(400)));

		assertThat(remaining()).isZero();
		Timer run = this.registry.get("dotmac.migration.run").tag("operation", "upgrade").tag("outcome", "failure").timer();
		assertThat(run.count()).isEqualTo(1);
		assertThat(run.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400);
		assertThat(this.registry.find("dotmac.migration.run").tag("outcome", "success").timer()).isNull();

		Timer changedUnits = this.registry.get("dotmac.migration.unit")
			.tags("operation", "upgrade", "module", "app", "target", "tenant", "outcome", "changed")
			.timer();
		assertThat(changedUnits.count()).isEqualTo(1);
		assertThat(changedUnits.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300);
		assertThat(this.registry.get("dotmac.migration.unit").tag("outcome", "failed").timer().count()).isEqualTo(1);

		assertThat(this.registry.get("dotmac.migration.changesets.applied")
			.tags("module", "app", "target", "tenant")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get("dotmac.migration.changeset").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(50);
		assertThat(this.registry.get("dotmac.migration.units.failed")
			.tags("operation", "upgrade", "module", "app", "target", "tenant")
			.counter()
			.count()).isEqualTo(1);
		Timer lockWait = this.registry.get("dotmac.migration.lock.wait").tags("module", "app", "target", "tenant").timer();
		assertThat(lockWait.count()).isEqualTo(1);
		assertThat(lockWait.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
	}

	@Test
	void neverTagsTenantsOrSchemas() {
		for (String tenant : List.of("t1", "t2", "t3")) {
			UnitResult result = new UnitResult(unit(tenant), UnitResult.Outcome.UP_TO_DATE, List.of(), Duration.ofMillis(1),
					null);
			this.listener.unitFinished(MigrationOperation.UPGRADE, result);
			this.listener.lockWaited(unit(tenant), Duration.ofMillis(1));
		}
		// One series per module, target and outcome, however many tenants.
		assertThat(this.registry.get("dotmac.migration.unit").timers()).hasSize(1);
		assertThat(this.registry.get("dotmac.migration.unit").timer().count()).isEqualTo(3);
		assertThat(this.registry.get("dotmac.migration.lock.wait").timers()).hasSize(1);
		for (Meter meter : this.registry.getMeters()) {
			assertThat(meter.getId().getTags()).noneMatch((tag) -> tag.getKey().equals("tenant") || tag.getKey().equals("schema"));
		}
	}

	@Test
	void aSuccessfulDowngradeIsTaggedAsSuch() {
		this.listener.runStarted(MigrationOperation.DOWNGRADE, 0);
		this.listener.runFinished(MigrationOperation.DOWNGRADE, new MigrationReport(List.of(), Duration.ofMillis(5)));
		assertThat(this.registry.get("dotmac.migration.run")
			.tags("operation", "downgrade", "outcome", "success")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void aRunCutShortDoesNotLeaveUnitsRemaining() {
		this.listener.runStarted(MigrationOperation.UPGRADE, 5);
		UnitResult one = new UnitResult(this.acme, UnitResult.Outcome.CHANGED, List.of(this.orders), Duration.ofMillis(1),
				null);
		this.listener.unitFinished(MigrationOperation.UPGRADE, one);
		assertThat(remaining()).isEqualTo(4);
		// The run stopped after one unit (say, interrupted); its report says so.
		this.listener.runFinished(MigrationOperation.UPGRADE, new MigrationReport(List.of(one), Duration.ofMillis(2)));
		assertThat(remaining()).isZero();
	}

	@Test
	void unitsFinishedOnWorkerThreadsCountDownOnce() throws Exception {
		this.listener.runStarted(MigrationOperation.UPGRADE, 3);
		List<UnitResult> results = List.of("a", "b", "c")
			.stream()
			.map((tenant) -> new UnitResult(unit(tenant), UnitResult.Outcome.UP_TO_DATE, List.of(), Duration.ofMillis(1),
					null))
			.toList();
		Thread worker = new Thread(() -> results.forEach((result) -> this.listener.unitFinished(MigrationOperation.UPGRADE, result)));
		worker.start();
		worker.join();
		assertThat(remaining()).isZero();
		this.listener.runFinished(MigrationOperation.UPGRADE, new MigrationReport(results, Duration.ofMillis(3)));
		assertThat(remaining()).isZero();
	}

	private double remaining() {
		return this.registry.get("dotmac.migration.units.remaining").gauge().value();
	}

	private static MigrationUnit unit(String tenant) {
		return new MigrationUnit("app", MigrationTarget.TENANT, "tenant_" + tenant, TenantId.of(tenant));
	}

}
