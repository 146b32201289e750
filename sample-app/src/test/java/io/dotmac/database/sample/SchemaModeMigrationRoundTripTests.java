package io.dotmac.database.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigrationRoundTripTests} with a schema per tenant: the shared changelog (reference data
 * only) and the tenant changelog in a provisioned tenant's schema round-trip.
 */
@SpringBootTest(properties = { "dotmac.database.migrations.policy.allow-downgrade=true",
		"dotmac.database.tenancy.strategy=schema" })
class SchemaModeMigrationRoundTripTests extends MigrationRoundTripTests {

	@Test
	void everyTenantChangeSetRoundTrips() {
		TenantId tenant = TenantId.of("round-trip");
		this.provisioner.create(tenant, "Round trip");
		String schema = "t_round-trip";
		String before = catalog(schema);
		int applied = historySize(schema);
		assertThat(applied).isPositive();
		assertThat(this.migrations.downgrade(MigrationRequest.forTenants(tenant), DowngradeTarget.count(applied))
			.throwIfFailed()
			.changeSetCount()).isEqualTo(applied);
		assertThat(sampleTables(schema)).isEmpty();
		assertThat(this.migrations.pending(MigrationRequest.forTenants(tenant))).isNotEmpty();
		this.migrations.upgrade(MigrationRequest.forTenants(tenant)).throwIfFailed();
		assertThat(catalog(schema)).isEqualTo(before);
		assertThat(this.migrations.pending(MigrationRequest.forTenants(tenant))).isEmpty();
	}

}
