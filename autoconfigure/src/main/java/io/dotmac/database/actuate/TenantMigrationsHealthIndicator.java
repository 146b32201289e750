package io.dotmac.database.actuate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationStatus;
import io.dotmac.database.migration.TenantMigrations;

/**
 * Health of tenant-aware migrations, from {@link TenantMigrations#status(MigrationRequest)}
 * over every tenant and the shared parts (one query against the central state table, no
 * schema visited):
 * <ul>
 * <li>{@link Status#DOWN} when a unit {@linkplain MigrationState#FAILED failed}: that tenant
 * (or, for a shared unit, every tenant) runs on an old schema;</li>
 * <li>{@link Status#DOWN} when more than {@code maxLaggingUnits} units lag behind the
 * changelog ({@linkplain MigrationState#PENDING pending} or
 * {@linkplain MigrationState#UNKNOWN unknown}); running units do not count, they are being
 * brought forward;</li>
 * <li>{@link Status#UP} otherwise.</li>
 * </ul>
 * Details: {@code units} (how many), {@code states} (how many per state, non-zero only), and
 * {@code failed} and {@code lagging}, naming at most {@code detailsLimit} units each (the
 * {@code migrations} endpoint lists them all, {@code ?state=FAILED}). A status that cannot be
 * read is DOWN with the error.
 */
public class TenantMigrationsHealthIndicator extends AbstractHealthIndicator {

	private final TenantMigrations migrations;

	private final int maxLaggingUnits;

	private final int detailsLimit;

	/**
	 * Create the health indicator.
	 * @param migrations the migrations to report on
	 * @param maxLaggingUnits how many pending or unknown units are tolerated before DOWN
	 * @param detailsLimit how many failed and lagging units the details name (each)
	 */
	public TenantMigrationsHealthIndicator(TenantMigrations migrations, int maxLaggingUnits, int detailsLimit) {
		super("Tenant migrations health check failed");
		this.migrations = Objects.requireNonNull(migrations, "migrations");
		if (maxLaggingUnits < 0) {
			throw new IllegalArgumentException("maxLaggingUnits must not be negative, was " + maxLaggingUnits);
		}
		if (detailsLimit < 0) {
			throw new IllegalArgumentException("detailsLimit must not be negative, was " + detailsLimit);
		}
		this.maxLaggingUnits = maxLaggingUnits;
		this.detailsLimit = detailsLimit;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<MigrationStatus> statuses = this.migrations.status(MigrationRequest.allTenants());
		Map<MigrationState, Integer> states = new EnumMap<>(MigrationState.class);
		List<String> failed = new ArrayList<>();
		List<String> lagging = new ArrayList<>();
		int failures = 0;
		int lags = 0;
		for (MigrationStatus status : statuses) {
			states.merge(status.state(), 1, Integer::sum);
			if (status.state() == MigrationState.FAILED) {
				if (failures++ < this.detailsLimit) {
					failed.add(status.unit() + ": "
							+ ((status.lastError() != null) ? status.lastError() : "no error recorded"));
				}
			}
			else if (status.state() == MigrationState.PENDING || status.state() == MigrationState.UNKNOWN) {
				if (lags++ < this.detailsLimit) {
					lagging.add(status.unit() + ": " + describeLag(status));
				}
			}
		}
		boolean down = failures > 0 || lags > this.maxLaggingUnits;
		builder.status(down ? Status.DOWN : Status.UP).withDetail("units", statuses.size()).withDetail("states", states);
		if (failures > 0) {
			builder.withDetail("failed", more(failed, failures));
		}
		if (lags > 0) {
			builder.withDetail("lagging", more(lagging, lags)).withDetail("maxLaggingUnits", this.maxLaggingUnits);
		}
	}

	private static String describeLag(MigrationStatus status) {
		if (status.state() == MigrationState.UNKNOWN) {
			return "never migrated or not recorded";
		}
		return (status.pending() >= 0) ? status.pending() + " changesets pending" : "changesets pending";
	}

	/** Says how many were left out, so that a truncated list is not mistaken for all. */
	private static List<String> more(List<String> named, int total) {
		if (named.size() < total) {
			List<String> withRest = new ArrayList<>(named);
			withRest.add("... and " + (total - named.size()) + " more (see /actuator/migrations)");
			return withRest;
		}
		return named;
	}

}
