package io.dotmac.database.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.dotmac.database.migration.MigrationHook;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationPolicy;
import io.dotmac.database.migration.MigrationPolicyException;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.guard.EnvironmentMigrationPolicy;
import io.dotmac.database.migration.guard.TenantGuardHook;
import io.dotmac.database.migration.guard.TenantGuardValidator;
import io.dotmac.database.migration.guard.TenantIsolationMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link MigrationGuardAutoConfiguration}: the policy and the guard hook exist only with
 * tenant-aware migrations enabled, follow the properties, the isolation strategy and the
 * Row-Level Security settings, and back off for the user's own beans.
 */
class MigrationGuardAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RlsAutoConfiguration.class, MigrationGuardAutoConfiguration.class));

	@Test
	void nothingWithoutTenantAwareMigrations() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(MigrationPolicy.class)
			.doesNotHaveBean(MigrationHook.class)
			.doesNotHaveBean(TenantGuardValidator.class));
	}

	@Test
	void strictDefaultsWhenEnabled() {
		this.runner.withPropertyValues("dotmac.database.migrations.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(EnvironmentMigrationPolicy.class).hasSingleBean(TenantGuardHook.class);
			MigrationPolicy policy = context.getBean(MigrationPolicy.class);
			assertThatExceptionOfType(MigrationPolicyException.class)
				.isThrownBy(() -> policy.check(MigrationOperation.DOWNGRADE, MigrationRequest.allTenants()))
				.withMessageContaining("dotmac.database.migrations.policy.allow-downgrade=true");
			assertThatNoException().isThrownBy(() -> policy.check(MigrationOperation.UPGRADE, MigrationRequest.allTenants()));
			assertThat(context.getBean(TenantGuardHook.class).isRequireValidation()).isTrue();
			assertThat(context.getBean(TenantGuardValidator.class).settings().mode())
				.isEqualTo(TenantIsolationMode.ROW_LEVEL_SECURITY);
		});
	}

	@Test
	void propertiesRelaxThePolicyAndTheValidation() {
		this.runner
			.withPropertyValues("dotmac.database.migrations.enabled=true",
					"dotmac.database.migrations.policy.allow-downgrade=true",
					"dotmac.database.migrations.policy.allow-stamp=true",
					"dotmac.database.migrations.policy.allow-create=false",
					"dotmac.database.migrations.policy.require-validation=false",
					"dotmac.database.migrations.policy.ignored-tables=legacy_*")
			.run((context) -> {
				assertThat(context.getBean(EnvironmentMigrationPolicy.class))
					.isEqualTo(new EnvironmentMigrationPolicy(true, true, false));
				assertThat(context.getBean(TenantGuardHook.class).isRequireValidation()).isFalse();
				assertThat(context.getBean(TenantGuardValidator.class).settings().isIgnored("public", "legacy_orders"))
					.isTrue();
			});
	}

	@Test
	void theGuardHookCanBeTurnedOff() {
		this.runner
			.withPropertyValues("dotmac.database.migrations.enabled=true", "dotmac.database.migrations.policy.validate=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MigrationHook.class)
				.hasSingleBean(TenantGuardValidator.class)
				.hasSingleBean(MigrationPolicy.class));
	}

	@Test
	void theValidatorFollowsTheStrategyAndTheRowLevelSecuritySettings() {
		this.runner
			.withPropertyValues("dotmac.database.migrations.enabled=true",
					"dotmac.database.rls.setting-name=app.tenant", "dotmac.database.rls.tenant-column=org_id")
			.run((context) -> {
				assertThat(context.getBean(TenantGuardValidator.class).settings().settingName()).isEqualTo("app.tenant");
				assertThat(context.getBean(TenantGuardValidator.class).settings().tenantColumn()).isEqualTo("org_id");
			});
		this.runner
			.withPropertyValues("dotmac.database.migrations.enabled=true", "dotmac.database.tenancy.strategy=schema")
			.run((context) -> assertThat(context.getBean(TenantGuardValidator.class).settings().mode())
				.isEqualTo(TenantIsolationMode.SCHEMA_PER_TENANT));
	}

	@Test
	void theUsersOwnBeansWin() {
		this.runner.withPropertyValues("dotmac.database.migrations.enabled=true")
			.withBean(EnvironmentMigrationPolicy.class, () -> new EnvironmentMigrationPolicy(true, true, true))
			.withBean("customHook", TenantGuardHook.class,
					() -> new TenantGuardHook(new TenantGuardValidator(
							io.dotmac.database.migration.guard.TenantGuardSettings.defaults()), false))
			.run((context) -> {
				assertThat(context).hasSingleBean(EnvironmentMigrationPolicy.class).hasSingleBean(TenantGuardHook.class);
				assertThat(context.getBean(EnvironmentMigrationPolicy.class).allowDowngrade()).isTrue();
				assertThat(context.getBean(TenantGuardHook.class).isRequireValidation()).isFalse();
			});
	}

}
