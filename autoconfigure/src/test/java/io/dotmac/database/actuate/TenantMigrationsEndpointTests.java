package io.dotmac.database.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import io.dotmac.database.actuate.TenantMigrationsEndpoint.MigrationsDescriptor;
import io.dotmac.database.actuate.TenantMigrationsEndpoint.TenantDescriptor;
import io.dotmac.database.actuate.TenantMigrationsEndpoint.UnitDescriptor;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TenantMigrationsEndpointTests {

	@Test
	void summaryCountsEveryStateAndListsSharedUnitsAndTenantsById() {
		FixedTenantMigrations migrations = new FixedTenantMigrations().shared(MigrationState.UP_TO_DATE)
			.tenant("globex", MigrationState.FAILED, "relation \"orders\" already exists")
			.tenant("acme", MigrationState.UP_TO_DATE, null)
			.tenant("initech", MigrationState.PENDING, null)
			.tenant("hooli", MigrationState.UNKNOWN, null);

		MigrationsDescriptor summary = new TenantMigrationsEndpoint(migrations).migrations(null, null, null);

		assertThat(summary.unitCount()).isEqualTo(5);
		assertThat(summary.tenantCount()).isEqualTo(4);
		assertThat(summary.states()).containsEntry(MigrationState.UP_TO_DATE, 2)
			.containsEntry(MigrationState.FAILED, 1)
			.containsEntry(MigrationState.PENDING, 1)
			.containsEntry(MigrationState.UNKNOWN, 1)
			.containsEntry(MigrationState.RUNNING, 0);
		assertThat(summary.modules()).singleElement().satisfies((module) -> {
			assertThat(module.name()).isEqualTo("app");
			assertThat(module.historyTable()).isEqualTo("databasechangelog");
			assertThat(module.tenantLocation()).isEqualTo("db/tenant.xml");
		});
		assertThat(summary.shared()).singleElement().satisfies((unit) -> {
			assertThat(unit.target()).isEqualTo("SHARED");
			assertThat(unit.schema()).isEqualTo("public");
		});
		assertThat(summary.page().total()).isEqualTo(4);
		assertThat(summary.page().limit()).isEqualTo(TenantMigrationsEndpoint.DEFAULT_LIMIT);
		assertThat(summary.tenants()).extracting(TenantDescriptor::tenant)
			.containsExactly("acme", "globex", "hooli", "initech");
		TenantDescriptor globex = summary.tenants().get(1);
		assertThat(globex.state()).isEqualTo(MigrationState.FAILED);
		UnitDescriptor unit = globex.units().get(0);
		assertThat(unit.module()).isEqualTo("app");
		assertThat(unit.target()).isEqualTo("TENANT");
		assertThat(unit.schema()).isEqualTo("tenant_globex");
		assertThat(unit.current()).isEqualTo("db/tenant.xml::002-orders::dev");
		assertThat(unit.pending()).isEqualTo(3);
		assertThat(unit.lastDurationMillis()).isEqualTo(42L);
		assertThat(unit.lastRunAt()).hasToString("2026-11-21T10:00:00Z");
		assertThat(unit.lastError()).isEqualTo("relation \"orders\" already exists");
		// Nothing known about a never-migrated unit.
		UnitDescriptor hooli = summary.tenants().get(2).units().get(0);
		assertThat(hooli.current()).isNull();
		assertThat(hooli.pending()).isEqualTo(-1);
		assertThat(hooli.lastDurationMillis()).isNull();
	}

	@Test
	void tenThousandTenantsArePagedNotListed() {
		FixedTenantMigrations migrations = new FixedTenantMigrations();
		for (int i = 0; i < 10_000; i++) {
			migrations.tenant(String.format("t%05d", i), (i == 7_777) ? MigrationState.FAILED : MigrationState.UP_TO_DATE,
					(i == 7_777) ? "boom" : null);
		}
		TenantMigrationsEndpoint endpoint = new TenantMigrationsEndpoint(migrations);

		MigrationsDescriptor first = endpoint.migrations(null, null, null);
		assertThat(first.tenantCount()).isEqualTo(10_000);
		assertThat(first.states()).containsEntry(MigrationState.UP_TO_DATE, 9_999).containsEntry(MigrationState.FAILED, 1);
		assertThat(first.tenants()).hasSize(TenantMigrationsEndpoint.DEFAULT_LIMIT);
		assertThat(first.tenants().get(0).tenant()).isEqualTo("t00000");

		MigrationsDescriptor page = endpoint.migrations(9_998, 5, null);
		assertThat(page.tenants()).extracting(TenantDescriptor::tenant).containsExactly("t09998", "t09999");
		assertThat(page.page().offset()).isEqualTo(9_998);
		assertThat(page.page().total()).isEqualTo(10_000);

		MigrationsDescriptor failed = endpoint.migrations(null, null, "failed");
		assertThat(failed.page().total()).isEqualTo(1);
		assertThat(failed.page().state()).isEqualTo(MigrationState.FAILED);
		assertThat(failed.tenants()).singleElement().satisfies((tenant) -> {
			assertThat(tenant.tenant()).isEqualTo("t07777");
			assertThat(tenant.units().get(0).lastError()).isEqualTo("boom");
		});
		// The counts still cover everything.
		assertThat(failed.unitCount()).isEqualTo(10_000);

		assertThat(endpoint.migrations(0, 0, null).tenants()).isEmpty();
	}

	@Test
	void refusesPagesBeyondTheLimitAndUnknownStates() {
		TenantMigrationsEndpoint endpoint = new TenantMigrationsEndpoint(
				new FixedTenantMigrations().tenant("acme", MigrationState.UP_TO_DATE, null));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.migrations(null, TenantMigrationsEndpoint.MAX_LIMIT + 1, null))
			.withMessageContaining("limit must be between 0 and 1000");
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.migrations(-1, null, null))
			.withMessageContaining("offset must not be negative");
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> endpoint.migrations(null, null, "broken"))
			.withMessageContaining("Unknown state 'broken'")
			.withMessageContaining("UP_TO_DATE");
		assertThat(endpoint.migrations(null, null, "up-to-date").tenants()).hasSize(1);
	}

	@Test
	void oneTenantWithEveryModuleAndNothingForUnknownOrInvalidTenants() {
		FixedTenantMigrations migrations = new FixedTenantMigrations().shared(MigrationState.UP_TO_DATE)
			.tenant("acme", MigrationState.UP_TO_DATE, null)
			.tenant("globex", MigrationState.PENDING, null);
		TenantMigrationsEndpoint endpoint = new TenantMigrationsEndpoint(migrations);

		TenantDescriptor globex = endpoint.tenant("globex");
		assertThat(globex).isNotNull();
		assertThat(globex.tenant()).isEqualTo("globex");
		assertThat(globex.state()).isEqualTo(MigrationState.PENDING);
		// Only its own units: no shared unit, no other tenant.
		assertThat(globex.units()).singleElement().satisfies((unit) -> {
			assertThat(unit.schema()).isEqualTo("tenant_globex");
			assertThat(unit.pending()).isEqualTo(3);
		});

		assertThat(endpoint.tenant("nobody")).isNull();
		assertThat(endpoint.tenant("Not A Tenant!")).isNull();
	}

	@Test
	void aTenantIsAsUrgentAsItsMostUrgentUnit() {
		MigrationUnit other = new MigrationUnit("billing", MigrationTarget.TENANT, "tenant_acme", TenantId.of("acme"));
		assertThat(TenantMigrationsEndpoint.urgency(MigrationState.FAILED))
			.isGreaterThan(TenantMigrationsEndpoint.urgency(MigrationState.UNKNOWN));
		assertThat(TenantMigrationsEndpoint.urgency(MigrationState.UNKNOWN))
			.isGreaterThan(TenantMigrationsEndpoint.urgency(MigrationState.PENDING));
		assertThat(TenantMigrationsEndpoint.urgency(MigrationState.PENDING))
			.isGreaterThan(TenantMigrationsEndpoint.urgency(MigrationState.RUNNING));
		assertThat(TenantMigrationsEndpoint.urgency(MigrationState.RUNNING))
			.isGreaterThan(TenantMigrationsEndpoint.urgency(MigrationState.UP_TO_DATE));
		TenantDescriptor acme = TenantDescriptor.of("acme",
				java.util.List.of(
						new io.dotmac.database.migration.MigrationStatus(other, MigrationState.UP_TO_DATE, null, 0,
								null, null, null, null),
						new io.dotmac.database.migration.MigrationStatus(other, MigrationState.PENDING, null, 1, null,
								null, null, null)));
		assertThat(acme.state()).isEqualTo(MigrationState.PENDING);
	}

}
