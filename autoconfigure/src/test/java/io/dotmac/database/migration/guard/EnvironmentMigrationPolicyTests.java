package io.dotmac.database.migration.guard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationPolicyException;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The environment policy: what its defaults refuse, what each switch allows, and that a
 * refusal names the property that allows the operation.
 */
class EnvironmentMigrationPolicyTests {

	@Test
	void defaultsRefuseDowngradeNamingThePropertyAndTheTenants() {
		assertThatExceptionOfType(MigrationPolicyException.class)
			.isThrownBy(() -> EnvironmentMigrationPolicy.defaults()
				.check(MigrationOperation.DOWNGRADE, MigrationRequest.forTenants(TenantId.of("acme"))))
			.withMessageStartingWith("Downgrade of tenants [acme]")
			.withMessageContaining("Nothing was changed")
			.withMessageContaining("Set dotmac.database.migrations.policy.allow-downgrade=true");
	}

	@Test
	void defaultsRefuseStamp() {
		assertThatExceptionOfType(MigrationPolicyException.class)
			.isThrownBy(() -> EnvironmentMigrationPolicy.defaults()
				.check(MigrationOperation.STAMP, MigrationRequest.allTenants()))
			.withMessageStartingWith("Stamp of all tenants and the shared schema refused")
			.withMessageContaining("dotmac.database.migrations.policy.allow-stamp=true");
	}

	@ParameterizedTest
	@EnumSource(value = MigrationOperation.class, names = { "UPGRADE", "DRY_RUN", "CREATE" })
	void defaultsAllowUpgradeDryRunAndCreate(MigrationOperation operation) {
		assertThatNoException()
			.isThrownBy(() -> EnvironmentMigrationPolicy.defaults().check(operation, MigrationRequest.sharedOnly()));
	}

	@Test
	void createCanBeRefused() {
		assertThatExceptionOfType(MigrationPolicyException.class)
			.isThrownBy(() -> new EnvironmentMigrationPolicy(true, true, false).check(MigrationOperation.CREATE,
					MigrationRequest.allTenants()))
			.withMessageContaining("dotmac.database.migrations.policy.allow-create=true");
	}

	@ParameterizedTest
	@EnumSource(MigrationOperation.class)
	void everythingIsAllowedWhenEverySwitchIsOn(MigrationOperation operation) {
		assertThatNoException().isThrownBy(
				() -> new EnvironmentMigrationPolicy(true, true, true).check(operation, MigrationRequest.allTenants()));
	}

}
