package io.dotmac.database.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationStatus;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistry;

/**
 * The {@code migrations} actuator endpoint: where every migration unit stands, as
 * {@link TenantMigrations#status(MigrationRequest)} reports it (the central state table, not
 * a visit to every schema).
 * <ul>
 * <li>{@code /actuator/migrations} sums up: units per {@link MigrationState}, the modules, the
 * shared units in full, and one page of tenants ({@code ?offset=0&limit=100}, at most
 * {@value #MAX_LIMIT} per page), sorted by tenant id. {@code ?state=FAILED} (or
 * {@code PENDING}, ...) keeps only the tenants with at least one unit in that state, which is
 * how an operator finds the few failures among ten thousand tenants.</li>
 * <li>{@code /actuator/migrations/{tenant}} gives one tenant's units: per module and part, the
 * current changeset, how many are pending, the state, the last error, the last run and its
 * duration. Unknown tenants answer 404.</li>
 * </ul>
 * Like every actuator endpoint it is not exposed over HTTP until listed in
 * {@code management.endpoints.web.exposure.include}. Error messages name schemas and
 * changesets; expose it only to operators.
 */
@Endpoint(id = TenantMigrationsEndpoint.ID)
public class TenantMigrationsEndpoint {

	/** The endpoint id. */
	public static final String ID = "migrations";

	/** Tenants per page when no limit is given. */
	public static final int DEFAULT_LIMIT = 100;

	/** The largest page: bounds the response however many tenants there are. */
	public static final int MAX_LIMIT = 1000;

	private final TenantMigrations migrations;

	private final @Nullable TenantRegistry registry;

	/**
	 * Create the endpoint.
	 * @param migrations the migrations to report on
	 */
	public TenantMigrationsEndpoint(TenantMigrations migrations) {
		this(migrations, null);
	}

	/**
	 * Create the endpoint.
	 * @param migrations the migrations to report on
	 * @param registry the tenant registry, which tells an unknown tenant (404) from a tenant
	 * whose units are unknown; {@code null} to rely on the migrations alone
	 */
	public TenantMigrationsEndpoint(TenantMigrations migrations, @Nullable TenantRegistry registry) {
		this.migrations = Objects.requireNonNull(migrations, "migrations");
		this.registry = registry;
	}

	/**
	 * Sum up every unit and list one page of tenants.
	 * @param offset how many (matching) tenants to skip, {@code 0} when not given
	 * @param limit how many tenants to list, {@value #DEFAULT_LIMIT} when not given, at most
	 * {@value #MAX_LIMIT}
	 * @param state list only tenants with a unit in this state (case-insensitive), or all
	 * @return the summary
	 */
	@ReadOperation
	public MigrationsDescriptor migrations(@Nullable Integer offset, @Nullable Integer limit,
			@Nullable String state) {
		int from = (offset != null) ? offset : 0;
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (from < 0) {
			throw new InvalidEndpointRequestException("offset must not be negative, was " + from,
					"Invalid offset");
		}
		if (size < 0 || size > MAX_LIMIT) {
			throw new InvalidEndpointRequestException("limit must be between 0 and " + MAX_LIMIT + ", was " + size,
					"Invalid limit");
		}
		MigrationState filter = (state != null) ? parseState(state) : null;
		List<MigrationStatus> statuses = this.migrations.status(MigrationRequest.allTenants());
		Map<MigrationState, Integer> counts = new EnumMap<>(MigrationState.class);
		for (MigrationState each : MigrationState.values()) {
			counts.put(each, 0);
		}
		List<UnitDescriptor> shared = new ArrayList<>();
		Map<String, List<MigrationStatus>> byTenant = new TreeMap<>();
		for (MigrationStatus status : statuses) {
			counts.merge(status.state(), 1, Integer::sum);
			if (status.unit().tenant() == null) {
				shared.add(UnitDescriptor.of(status));
			}
			else {
				byTenant.computeIfAbsent(status.unit().tenant().value(), (key) -> new ArrayList<>()).add(status);
			}
		}
		List<TenantDescriptor> matching = new ArrayList<>();
		int total = 0;
		for (Map.Entry<String, List<MigrationStatus>> tenant : byTenant.entrySet()) {
			if (filter != null && tenant.getValue().stream().noneMatch((status) -> status.state() == filter)) {
				continue;
			}
			if (total >= from && matching.size() < size) {
				matching.add(TenantDescriptor.of(tenant.getKey(), tenant.getValue()));
			}
			total++;
		}
		List<ModuleDescriptor> modules = this.migrations.modules()
			.stream()
			.sorted()
			.map((module) -> new ModuleDescriptor(module.name(), module.order(), module.historyTable(),
					module.sharedLocation(), module.tenantLocation()))
			.toList();
		return new MigrationsDescriptor(statuses.size(), byTenant.size(), counts, modules, shared,
				new TenantPage(from, size, total, filter), matching);
	}

	/**
	 * One tenant's units.
	 * @param tenant the tenant id
	 * @return its units, or {@code null} (404) for an invalid or unknown tenant
	 */
	@ReadOperation
	public @Nullable TenantDescriptor tenant(@Selector String tenant) {
		if (!TenantId.isValid(tenant)) {
			return null;
		}
		TenantId id = TenantId.of(tenant);
		// The status of a tenant nobody registered is "unknown", not an error: ask the registry.
		if (this.registry != null && this.registry.find(id).isEmpty()) {
			return null;
		}
		List<MigrationStatus> statuses;
		try {
			statuses = this.migrations.status(MigrationRequest.forTenants(id));
		}
		catch (MigrationNotFoundException ex) {
			return null;
		}
		return statuses.isEmpty() ? null : TenantDescriptor.of(tenant, statuses);
	}

	private static MigrationState parseState(String state) {
		try {
			return MigrationState.valueOf(state.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException("Unknown state '" + state + "'; use one of "
					+ List.of(MigrationState.values()), "Invalid state");
		}
	}

	/**
	 * How urgent a state is, for a tenant's overall state: the most urgent of its units.
	 */
	static int urgency(MigrationState state) {
		return switch (state) {
			case FAILED -> 4;
			case UNKNOWN -> 3;
			case PENDING -> 2;
			case RUNNING -> 1;
			case UP_TO_DATE -> 0;
		};
	}

	/**
	 * The summary.
	 *
	 * @param unitCount how many units there are (shared and tenant)
	 * @param tenantCount how many tenants have units
	 * @param states how many units are in each state (every state listed, zeros included)
	 * @param modules the modules, in the order they run
	 * @param shared the units that belong to no tenant, in full
	 * @param page which tenants are listed
	 * @param tenants the listed tenants, by id
	 */
	public record MigrationsDescriptor(int unitCount, int tenantCount, Map<MigrationState, Integer> states,
			List<ModuleDescriptor> modules, List<UnitDescriptor> shared, TenantPage page,
			List<TenantDescriptor> tenants) implements OperationResponseBody {
	}

	/**
	 * A module.
	 *
	 * @param name the name
	 * @param order where it runs
	 * @param historyTable the table holding its history in each schema
	 * @param sharedLocation its shared changelog, or null
	 * @param tenantLocation its tenant changelog, or null
	 */
	public record ModuleDescriptor(String name, int order, String historyTable, @Nullable String sharedLocation,
			@Nullable String tenantLocation) {
	}

	/**
	 * The page of tenants listed.
	 *
	 * @param offset matching tenants skipped
	 * @param limit the page size asked for
	 * @param total how many tenants match (the state filter, if any)
	 * @param state the state filter, or null
	 */
	public record TenantPage(int offset, int limit, int total, @Nullable MigrationState state) {
	}

	/**
	 * One tenant.
	 *
	 * @param tenant the tenant id
	 * @param state the most urgent state among its units (failed, unknown, pending, running,
	 * up to date)
	 * @param units its units, by module order as the engine reported them
	 */
	public record TenantDescriptor(String tenant, MigrationState state, List<UnitDescriptor> units)
			implements OperationResponseBody {

		static TenantDescriptor of(String tenant, List<MigrationStatus> statuses) {
			MigrationState worst = statuses.stream()
				.map(MigrationStatus::state)
				.max(Comparator.comparingInt(TenantMigrationsEndpoint::urgency))
				.orElse(MigrationState.UNKNOWN);
			return new TenantDescriptor(tenant, worst, statuses.stream().map(UnitDescriptor::of).toList());
		}

	}

	/**
	 * One unit.
	 *
	 * @param module the module
	 * @param target {@code SHARED} or {@code TENANT}
	 * @param schema the schema it runs in
	 * @param state where it stands
	 * @param current the last applied changeset ({@code path::id::author}), or null
	 * @param pending changesets not applied yet, {@code -1} when not known
	 * @param fingerprint the fingerprint of the changelog it was last brought to, or null
	 * @param lastRunAt when it was last migrated, or null
	 * @param lastDurationMillis how long that took, or null
	 * @param lastError the last failure, or null
	 */
	public record UnitDescriptor(String module, String target, String schema, MigrationState state,
			@Nullable String current, int pending, @Nullable String fingerprint, @Nullable Instant lastRunAt,
			@Nullable Long lastDurationMillis, @Nullable String lastError) {

		static UnitDescriptor of(MigrationStatus status) {
			return new UnitDescriptor(status.unit().module(), status.unit().target().name(), status.unit().schema(),
					status.state(), (status.current() != null) ? status.current().toString() : null,
					status.pending(), status.fingerprint(), status.lastRunAt(),
					(status.lastDuration() != null) ? status.lastDuration().toMillis() : null, status.lastError());
		}

	}

}
