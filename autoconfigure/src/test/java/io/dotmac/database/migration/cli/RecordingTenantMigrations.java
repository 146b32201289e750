package io.dotmac.database.migration.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationStatus;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.NewMigration;
import io.dotmac.database.migration.PlannedSql;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.UnitResult;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.tenant.TenantId;

/**
 * A test double of the migration API for the command line's parsing and dispatch tests only:
 * it records each call with its arguments and answers with fixed results (one unit per call),
 * reporting to a listener the way the engine does. The engine itself is tested elsewhere.
 */
class RecordingTenantMigrations implements TenantMigrations {

	static final MigrationUnit ACME = new MigrationUnit("app", MigrationTarget.TENANT, "t_acme", TenantId.of("acme"));

	static final ChangeSetRef FIRST = new ChangeSetRef("1-customers", "ops", "db/tenant.xml");

	static final ChangeSetRef SECOND = new ChangeSetRef("2-orders", "ops", "db/tenant.xml");

	final List<Call> calls = new ArrayList<>();

	final List<MigrationModule> modules = List.of(new MigrationModule("app", 0, "db/shared.xml", "db/tenant.xml"),
			new MigrationModule("billing", 100, "db/billing-shared.xml", null),
			new MigrationModule("audit", 100, null, "db/audit.xml"));

	@Nullable MigrationListener listener;

	Function<MigrationOperation, MigrationReport> reports = (operation) -> new MigrationReport(
			List.of(new UnitResult(ACME, UnitResult.Outcome.CHANGED, List.of(FIRST, SECOND), Duration.ofMillis(12), null)),
			Duration.ofMillis(20));

	MigrationState state = MigrationState.UP_TO_DATE;

	@Nullable RuntimeException failure;

	record Call(String method, List<@Nullable Object> args) {
	}

	private void record(String method, @Nullable Object... args) {
		this.calls.add(new Call(method, java.util.Arrays.asList(args)));
		if (this.failure != null) {
			throw this.failure;
		}
	}

	List<String> methods() {
		return this.calls.stream().map(Call::method).toList();
	}

	Call only(String method) {
		List<Call> matching = this.calls.stream().filter((call) -> call.method().equals(method)).toList();
		if (matching.size() != 1) {
			throw new AssertionError("Expected one call of " + method + " but got " + this.calls);
		}
		return matching.get(0);
	}

	@Override
	public List<MigrationModule> modules() {
		this.calls.add(new Call("modules", List.of()));
		return this.modules;
	}

	@Override
	public MigrationReport upgrade(MigrationRequest request) {
		record("upgrade", request);
		return run(MigrationOperation.UPGRADE);
	}

	@Override
	public Map<MigrationUnit, List<ChangeSetRef>> pending(MigrationRequest request) {
		record("pending", request);
		Map<MigrationUnit, List<ChangeSetRef>> pending = new LinkedHashMap<>();
		pending.put(ACME, List.of(SECOND));
		return pending;
	}

	@Override
	public List<MigrationStatus> status(MigrationRequest request) {
		record("status", request);
		return List.of(new MigrationStatus(ACME, this.state, FIRST, (this.state == MigrationState.UP_TO_DATE) ? 0 : 1,
				"abc123", Instant.parse("2026-11-21T10:00:00Z"), Duration.ofMillis(1500),
				(this.state == MigrationState.FAILED) ? "relation \"x\" does not exist" : null));
	}

	@Override
	public List<AppliedChangeSet> history(@Nullable TenantId tenant, String module) {
		record("history", tenant, module);
		return List.of(new AppliedChangeSet(FIRST, "9:aa", Instant.parse("2026-11-21T09:00:00Z"), 1, "EXECUTED", "v1",
				"createTable", Duration.ofMillis(42)),
				new AppliedChangeSet(SECOND, "9:bb", Instant.parse("2026-11-21T09:00:01Z"), 2, "EXECUTED", null, "sql", null));
	}

	@Override
	public MigrationReport downgrade(MigrationRequest request, DowngradeTarget target) {
		record("downgrade", request, target);
		return run(MigrationOperation.DOWNGRADE);
	}

	@Override
	public MigrationReport stamp(MigrationRequest request) {
		record("stamp", request);
		return run(MigrationOperation.STAMP);
	}

	@Override
	public List<PlannedSql> sql(MigrationRequest request) {
		record("sql", request);
		return List.of(new PlannedSql(ACME, SECOND, "CREATE TABLE orders (id bigint)"));
	}

	@Override
	public Path create(NewMigration request) {
		record("create", request);
		return Path.of("src/main/resources/db/002_add_foo.sql");
	}

	private MigrationReport run(MigrationOperation operation) {
		MigrationReport report = this.reports.apply(operation);
		if (this.listener != null) {
			this.listener.runStarted(operation, report.units().size());
			report.units().forEach((unit) -> this.listener.unitFinished(operation, unit));
			this.listener.runFinished(operation, report);
		}
		return report;
	}

}
