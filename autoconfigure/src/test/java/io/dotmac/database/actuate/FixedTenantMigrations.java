package io.dotmac.database.actuate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationStatus;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.NewMigration;
import io.dotmac.database.migration.PlannedSql;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.tenant.TenantId;

/**
 * A read-side stand-in for the migration engine: answers {@link #status(MigrationRequest)}
 * from a fixed list of statuses (filtered by the request as the engine would), so that the
 * endpoint, the health indicator and their wiring are tested on exactly the statuses each test
 * sets up. Every other operation is refused: nothing here migrates.
 */
public final class FixedTenantMigrations implements TenantMigrations {

	/** The module the statuses belong to. */
	public static final MigrationModule APP = new MigrationModule("app", 0, "db/shared.xml", "db/tenant.xml");

	private final List<MigrationStatus> statuses = new ArrayList<>();

	private final AtomicInteger statusCalls = new AtomicInteger();

	private @Nullable RuntimeException failure;

	/**
	 * Add a tenant unit of the default module.
	 * @param tenant the tenant id
	 * @param state its state
	 * @param lastError its last error, if any
	 * @return this
	 */
	public FixedTenantMigrations tenant(String tenant, MigrationState state, @Nullable String lastError) {
		MigrationUnit unit = new MigrationUnit(APP.name(), MigrationTarget.TENANT, "tenant_" + tenant.replace('-', '_'),
				TenantId.of(tenant));
		this.statuses.add(status(unit, state, lastError));
		return this;
	}

	/**
	 * Add the shared unit of the default module.
	 * @param state its state
	 * @return this
	 */
	public FixedTenantMigrations shared(MigrationState state) {
		this.statuses.add(status(new MigrationUnit(APP.name(), MigrationTarget.SHARED, "public", null), state, null));
		return this;
	}

	/**
	 * Make every status read fail.
	 * @param failure what to throw
	 * @return this
	 */
	public FixedTenantMigrations failing(RuntimeException failure) {
		this.failure = failure;
		return this;
	}

	/**
	 * How often the status was read.
	 * @return the count
	 */
	public int statusCalls() {
		return this.statusCalls.get();
	}

	private static MigrationStatus status(MigrationUnit unit, MigrationState state, @Nullable String lastError) {
		boolean applied = state != MigrationState.UNKNOWN;
		return new MigrationStatus(unit, state,
				applied ? new ChangeSetRef("002-orders", "dev", "db/tenant.xml") : null,
				(state == MigrationState.UP_TO_DATE) ? 0 : ((state == MigrationState.UNKNOWN) ? -1 : 3),
				applied ? "f1e2d3" : null, applied ? Instant.parse("2026-11-21T10:00:00Z") : null,
				applied ? Duration.ofMillis(42) : null, lastError);
	}

	@Override
	public List<MigrationModule> modules() {
		return List.of(APP);
	}

	@Override
	public List<MigrationStatus> status(MigrationRequest request) {
		this.statusCalls.incrementAndGet();
		if (this.failure != null) {
			throw this.failure;
		}
		return this.statuses.stream()
			.filter((status) -> (status.unit().tenant() == null) ? request.includeShared()
					: request.tenants().includes(status.unit().tenant()))
			.filter((status) -> request.includesModule(status.unit().module()))
			.toList();
	}

	@Override
	public MigrationReport upgrade(MigrationRequest request) {
		throw new UnsupportedOperationException("read-side stand-in");
	}

	@Override
	public Map<MigrationUnit, List<ChangeSetRef>> pending(MigrationRequest request) {
		throw new UnsupportedOperationException("read-side stand-in");
	}

	@Override
	public List<AppliedChangeSet> history(@Nullable TenantId tenant, String module) {
		throw new UnsupportedOperationException("read-side stand-in");
	}

	@Override
	public MigrationReport downgrade(MigrationRequest request, DowngradeTarget target) {
		throw new UnsupportedOperationException("read-side stand-in");
	}

	@Override
	public MigrationReport stamp(MigrationRequest request) {
		throw new UnsupportedOperationException("read-side stand-in");
	}

	@Override
	public List<PlannedSql> sql(MigrationRequest request) {
		throw new UnsupportedOperationException("read-side stand-in");
	}

	@Override
	public Path create(NewMigration request) {
		throw new UnsupportedOperationException("read-side stand-in");
	}

}
