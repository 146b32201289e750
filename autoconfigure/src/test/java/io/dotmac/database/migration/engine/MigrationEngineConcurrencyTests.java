package io.dotmac.database.migration.engine;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.UnitResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runners that race or crash: two runners over the same tenants apply each changeset once; a
 * unit whose connection is killed mid-script leaves nothing behind, and a rerun converges.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationEngineConcurrencyTests {

	private TestDatabase database;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
	}

	@Test
	void twoRunnersOverTheSameTenantsApplyEachChangesetOnce() throws Exception {
		EngineFixture fixture = new EngineFixture(this.database, "reg_race");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ids.add("race-" + i);
		}
		fixture.tenants(ids.toArray(String[]::new));
		// Two engines, as two application instances would have, started together.
		DefaultTenantMigrations first = fixture.migrations(null, "tenant-v2.xml");
		DefaultTenantMigrations second = fixture.migrations(null, "tenant-v2.xml");
		CompletableFuture<MigrationReport> one = CompletableFuture
			.supplyAsync(() -> first.upgrade(MigrationRequest.allTenants().withParallelism(3)));
		CompletableFuture<MigrationReport> two = CompletableFuture
			.supplyAsync(() -> second.upgrade(MigrationRequest.allTenants().withParallelism(3)));
		MigrationReport a = one.get(2, TimeUnit.MINUTES);
		MigrationReport b = two.get(2, TimeUnit.MINUTES);
		assertThat(a.hasFailures()).isFalse();
		assertThat(b.hasFailures()).isFalse();
		for (String id : ids) {
			assertThat(fixture.history("t_" + id, "databasechangelog")).hasSize(7).doesNotHaveDuplicates();
			assertThat(fixture.applications("t_" + id, "4-count")).isOne();
		}
		// Every changeset was applied by exactly one of the two.
		assertThat(a.changeSetCount() + b.changeSetCount()).isEqualTo(10 * 7);
	}

	@Test
	void aRunnerWaitsForAUnitAnotherHoldsAndEachChangesetRunsOnce() throws Exception {
		EngineFixture fixture = new EngineFixture(this.database, "reg_wait");
		fixture.tenants("waiting");
		List<MigrationUnit> waited = new CopyOnWriteArrayList<>();
		fixture.listeners.add(new MigrationListener() {
			@Override
			public void lockWaited(MigrationUnit unit, Duration wait) {
				waited.add(unit);
			}
		});
		DefaultTenantMigrations migrations = fixture.migrations(null, "tenant-v1.xml");
		CompletableFuture<MigrationReport> run;
		try (Connection other = this.database.ownerDataSource().getConnection()) {
			// Another runner holds the unit and migrates it meanwhile.
			other.setAutoCommit(false);
			DefaultTenantMigrations otherRunner = fixture.migrations(null, "tenant-v1.xml");
			try (Statement statement = other.createStatement()) {
				statement.execute("SELECT pg_advisory_xact_lock(" + MigrationLocks.key("t_waiting", "app") + ")");
			}
			run = CompletableFuture.supplyAsync(
					() -> migrations.upgrade(MigrationRequest.forTenants(io.dotmac.database.tenant.TenantId.of("waiting"))));
			await().atMost(Duration.ofMinutes(1))
				.until(() -> !fixture.owner.queryForList("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
						+ " AND wait_event = 'advisory' AND datname = current_database()", Integer.class).isEmpty());
			other.commit();
			otherRunner.upgrade(MigrationRequest.allTenants()).throwIfFailed();
		}
		MigrationReport report = run.get(1, TimeUnit.MINUTES);
		assertThat(report.hasFailures()).isFalse();
		assertThat(waited).extracting(MigrationUnit::schema).contains("t_waiting");
		assertThat(fixture.history("t_waiting", "databasechangelog")).hasSize(4);
		assertThat(fixture.applications("t_waiting", "4-count")).isOne();
	}

	@Test
	void aUnitKilledMidScriptLeavesNothingAndARerunConverges() throws Exception {
		EngineFixture fixture = new EngineFixture(this.database, "reg_crash");
		fixture.owner.execute("CREATE TABLE IF NOT EXISTS public.gate (id int)");
		List<String> ids = List.of("crash-0", "crash-1", "crash-2", "crash-3");
		fixture.tenants(ids.toArray(String[]::new));
		DefaultTenantMigrations migrations = fixture.migrations(null, "gated.xml");
		CompletableFuture<MigrationReport> run;
		List<Integer> killed = new ArrayList<>();
		try (Connection gate = this.database.ownerDataSource().getConnection()) {
			gate.setAutoCommit(false);
			try (Statement statement = gate.createStatement()) {
				statement.execute("LOCK TABLE public.gate IN ACCESS EXCLUSIVE MODE");
			}
			run = CompletableFuture.supplyAsync(() -> migrations.upgrade(MigrationRequest.allTenants().withParallelism(2)));
			// Two units are now blocked on the gate, in the middle of their script.
			await().atMost(Duration.ofMinutes(1)).until(() -> blockedOnGate(fixture).size() == 2);
			Integer victim = blockedOnGate(fixture).get(0);
			killed.add(victim);
			fixture.owner.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, victim);
			gate.rollback();
		}
		MigrationReport report = run.get(2, TimeUnit.MINUTES);
		assertThat(killed).hasSize(1);
		assertThat(report.failures()).hasSize(1);
		String failedSchema = report.failures().get(0).unit().schema();
		assertThat(fixture.tableExists(failedSchema, "first_table")).isFalse();
		assertThat(fixture.tableExists(failedSchema, "databasechangelog")).isFalse();
		assertThat(fixture.applications(failedSchema, "1-first")).isZero();
		MigrationReport rerun = migrations.upgrade(MigrationRequest.allTenants());
		assertThat(rerun.hasFailures()).isFalse();
		assertThat(rerun.units()).extracting(UnitResult::unit).extracting(MigrationUnit::schema)
			.containsExactly(failedSchema);
		for (String id : ids) {
			assertThat(fixture.history("t_" + id, "databasechangelog")).containsExactly("1-first", "2-gate", "3-second");
			assertThat(fixture.applications("t_" + id, "1-first")).isOne();
			assertThat(fixture.applications("t_" + id, "3-second")).isOne();
		}
	}

	private static List<Integer> blockedOnGate(EngineFixture fixture) {
		return fixture.owner.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
				+ " AND wait_event_type = 'Lock' AND query LIKE '%public.gate%' AND pid <> pg_backend_pid() ORDER BY pid",
				Integer.class);
	}

}
