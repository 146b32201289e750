package io.dotmac.database.actuate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.dotmac.database.migration.MigrationState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TenantMigrationsHealthIndicatorTests {

	@Test
	void upWhenEveryUnitIsUpToDate() {
		FixedTenantMigrations migrations = new FixedTenantMigrations().shared(MigrationState.UP_TO_DATE)
			.tenant("acme", MigrationState.UP_TO_DATE, null)
			.tenant("globex", MigrationState.UP_TO_DATE, null);

		Health health = new TenantMigrationsHealthIndicator(migrations, 0, 5).health(true);

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("units", 3)
			.containsEntry("states", Map.of(MigrationState.UP_TO_DATE, 3))
			.doesNotContainKeys("failed", "lagging");
	}

	@Test
	void runningUnitsAreNotLagging() {
		FixedTenantMigrations migrations = new FixedTenantMigrations().tenant("acme", MigrationState.RUNNING, null);
		assertThat(new TenantMigrationsHealthIndicator(migrations, 0, 5).health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void downWhenAUnitFailedNamingItAndItsError() {
		FixedTenantMigrations migrations = new FixedTenantMigrations().shared(MigrationState.UP_TO_DATE)
			.tenant("acme", MigrationState.UP_TO_DATE, null)
			.tenant("globex", MigrationState.FAILED, "ERROR: column \"total\" does not exist");

		// Tolerating lag does not tolerate failures.
		Health health = new TenantMigrationsHealthIndicator(migrations, 100, 5).health(true);

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("units", 3)
			.containsEntry("states", Map.of(MigrationState.UP_TO_DATE, 2, MigrationState.FAILED, 1))
			.containsEntry("failed", List.of("app/tenant in schema 'tenant_globex' (tenant globex): "
					+ "ERROR: column \"total\" does not exist"));
	}

	@Test
	void downWhenMoreUnitsLagThanTolerated() {
		FixedTenantMigrations migrations = new FixedTenantMigrations().tenant("acme", MigrationState.PENDING, null)
			.tenant("globex", MigrationState.UNKNOWN, null)
			.tenant("initech", MigrationState.UP_TO_DATE, null);

		Health strict = new TenantMigrationsHealthIndicator(migrations, 0, 5).health(true);
		assertThat(strict.getStatus()).isEqualTo(Status.DOWN);
		assertThat(strict.getDetails()).containsEntry("maxLaggingUnits", 0)
			.containsEntry("lagging", List.of("app/tenant in schema 'tenant_acme' (tenant acme): 3 changesets pending",
					"app/tenant in schema 'tenant_globex' (tenant globex): never migrated or not recorded"));

		assertThat(new TenantMigrationsHealthIndicator(migrations, 1, 5).health(true).getStatus())
			.isEqualTo(Status.DOWN);
		Health tolerant = new TenantMigrationsHealthIndicator(migrations, 2, 5).health(true);
		assertThat(tolerant.getStatus()).isEqualTo(Status.UP);
		// Still named, so that an operator sees what is behind.
		assertThat(tolerant.getDetails()).containsKey("lagging");
	}

	@Test
	void namesAFewUnitsAndCountsTheRest() {
		FixedTenantMigrations migrations = new FixedTenantMigrations();
		for (int i = 0; i < 1_000; i++) {
			migrations.tenant("t" + i, MigrationState.FAILED, "boom " + i);
		}

		Health health = new TenantMigrationsHealthIndicator(migrations, 0, 2).health(true);

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("failed")).isEqualTo(List.of(
				"app/tenant in schema 'tenant_t0' (tenant t0): boom 0",
				"app/tenant in schema 'tenant_t1' (tenant t1): boom 1",
				"... and 998 more (see /actuator/migrations)"));
	}

	@Test
	void downWithTheErrorWhenTheStatusCannotBeRead() {
		FixedTenantMigrations migrations = new FixedTenantMigrations()
			.failing(new IllegalStateException("state table dotmac_migration_state is missing"));

		Health health = new TenantMigrationsHealthIndicator(migrations, 0, 5).health(true);

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("error").toString()).contains("state table dotmac_migration_state is missing");
	}

	@Test
	void refusesNegativeSettings() {
		FixedTenantMigrations migrations = new FixedTenantMigrations();
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantMigrationsHealthIndicator(migrations, -1, 5))
			.withMessageContaining("maxLaggingUnits");
		assertThatIllegalArgumentException().isThrownBy(() -> new TenantMigrationsHealthIndicator(migrations, 0, -1))
			.withMessageContaining("detailsLimit");
	}

}
