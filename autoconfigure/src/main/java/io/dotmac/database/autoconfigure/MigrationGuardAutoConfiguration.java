package io.dotmac.database.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.dotmac.database.migration.guard.EnvironmentMigrationPolicy;
import io.dotmac.database.migration.guard.TenantGuardHook;
import io.dotmac.database.migration.guard.TenantGuardSettings;
import io.dotmac.database.migration.guard.TenantGuardValidator;
import io.dotmac.database.migration.guard.TenantIsolationMode;
import io.dotmac.database.rls.RlsSettings;

/**
 * Environment policy and tenant guards for tenant-aware migrations, when
 * {@code dotmac.database.migrations.enabled=true}: an {@link EnvironmentMigrationPolicy} from
 * {@code dotmac.database.migrations.policy.*} and a {@link TenantGuardHook} that runs the
 * {@link TenantGuardValidator} after every migration unit (unless
 * {@code dotmac.database.migrations.policy.validate=false}). The migration engine collects
 * {@code MigrationPolicy} and {@code MigrationHook} beans by type, so a user's own policies
 * and hooks run beside these; each bean here backs off when the user defines one of its
 * type.
 * <p>
 * The validator follows {@code dotmac.database.tenancy.strategy} (Row-Level Security checks,
 * or the schema-mode check) and the tenant column and setting of the {@link RlsSettings}
 * bean, when there is one.
 */
@AutoConfiguration(after = { TenancyAutoConfiguration.class, RlsAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "dotmac.database.migrations.enabled")
@EnableConfigurationProperties(MigrationProperties.class)
public final class MigrationGuardAutoConfiguration {

	MigrationGuardAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	EnvironmentMigrationPolicy environmentMigrationPolicy(MigrationProperties properties) {
		MigrationProperties.Policy policy = properties.getPolicy();
		return new EnvironmentMigrationPolicy(policy.isAllowDowngrade(), policy.isAllowStamp(), policy.isAllowCreate());
	}

	@Bean
	@ConditionalOnMissingBean
	TenantGuardValidator tenantGuardValidator(MigrationProperties properties, Environment environment,
			ObjectProvider<RlsSettings> rlsSettings) {
		TenantIsolationMode mode = TenantIsolationMode.fromParameter(
				Binder.get(environment).bind("dotmac.database.tenancy.strategy", String.class).orElse("rls"));
		TenantGuardSettings settings = TenantGuardSettings
			.of(rlsSettings.getIfAvailable(RlsSettings::defaults), mode)
			.ignoring(properties.getPolicy().getIgnoredTables());
		return new TenantGuardValidator(settings);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "dotmac.database.migrations.policy.validate", matchIfMissing = true)
	TenantGuardHook tenantGuardHook(TenantGuardValidator validator, MigrationProperties properties) {
		return new TenantGuardHook(validator, properties.getPolicy().isRequireValidation());
	}

}
