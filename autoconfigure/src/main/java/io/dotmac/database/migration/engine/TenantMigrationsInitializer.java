package io.dotmac.database.migration.engine;

import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;

import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.TenantMigrations;

/**
 * Brings the database to the head when the application starts: the shared parts, then every
 * tenant the state table says is stale (or every tenant, with deep verification). As a Spring
 * bean it is a database initializer: JPA and {@code JdbcTemplate} users wait for it.
 * <p>
 * With {@code failOnError}, a failed unit fails the start-up; without, failures are logged and
 * recorded in the state table, and the other tenants serve.
 */
public class TenantMigrationsInitializer implements InitializingBean {

	private static final Log logger = LogFactory.getLog(TenantMigrationsInitializer.class);

	private final TenantMigrations migrations;

	private final MigrationRequest request;

	private final boolean failOnError;

	private volatile @Nullable MigrationReport report;

	/**
	 * Create an initializer.
	 * @param migrations the migration API
	 * @param request what to cover (usually {@link MigrationRequest#allTenants()})
	 * @param failOnError whether a failed unit fails the start-up
	 */
	public TenantMigrationsInitializer(TenantMigrations migrations, MigrationRequest request, boolean failOnError) {
		this.migrations = Objects.requireNonNull(migrations, "migrations must not be null");
		this.request = Objects.requireNonNull(request, "request must not be null");
		this.failOnError = failOnError;
	}

	@Override
	public void afterPropertiesSet() {
		initialize();
	}

	/**
	 * Run the upgrade.
	 * @return the report
	 * @throws io.dotmac.database.migration.MigrationException when a unit failed and failures
	 * fail the start-up
	 */
	public MigrationReport initialize() {
		MigrationReport report = this.migrations.upgrade(this.request);
		this.report = report;
		logger.info("Migrations: " + report.units().size() + " units visited, " + report.changeSetCount()
				+ " changesets applied, " + report.failures().size() + " failed, in " + report.elapsed().toMillis()
				+ " ms");
		if (report.hasFailures()) {
			if (this.failOnError) {
				report.throwIfFailed();
			}
			report.failures().forEach((failure) -> logger.error("Migration of " + failure.unit() + " failed: "
					+ ((failure.error() != null) ? failure.error().getMessage() : "unknown error")));
		}
		return report;
	}

	/**
	 * The report of the start-up run.
	 * @return the report, or {@code null} before it ran
	 */
	public @Nullable MigrationReport getReport() {
		return this.report;
	}

}
