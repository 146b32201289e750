package io.dotmac.database.migration.guard;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.database.DatabaseValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Guard settings: ignore patterns, name validation, and the mode parameter.
 */
class TenantGuardSettingsTests {

	@Test
	void ignorePatternsMatchTablesOrSchemaQualifiedTables() {
		TenantGuardSettings settings = TenantGuardSettings.defaults().ignoring(List.of("audit.*", "*_archive"));
		assertThat(settings.isIgnored("public", "databasechangelog")).isTrue();
		assertThat(settings.isIgnored("t_acme", "databasechangelog_billing")).isTrue();
		assertThat(settings.isIgnored("public", "dotmac_tenants")).isTrue();
		assertThat(settings.isIgnored("audit", "entries")).isTrue();
		assertThat(settings.isIgnored("public", "orders_archive")).isTrue();
		assertThat(settings.isIgnored("public", "orders")).isFalse();
		assertThat(settings.isIgnored("public", "audit")).isFalse();
	}

	@Test
	void namesAreValidated() {
		assertThatExceptionOfType(DatabaseValidationException.class).isThrownBy(() -> new TenantGuardSettings(
				"tenant id", "app.current_tenant_id", TenantIsolationMode.ROW_LEVEL_SECURITY, List.of()));
		assertThatExceptionOfType(DatabaseValidationException.class).isThrownBy(
				() -> new TenantGuardSettings("tenant_id", "tenant", TenantIsolationMode.ROW_LEVEL_SECURITY, List.of()));
	}

	@Test
	void modeParameter() {
		assertThat(TenantIsolationMode.fromParameter(null)).isEqualTo(TenantIsolationMode.ROW_LEVEL_SECURITY);
		assertThat(TenantIsolationMode.fromParameter("${dotmac.tenancy.strategy}"))
			.isEqualTo(TenantIsolationMode.ROW_LEVEL_SECURITY);
		assertThat(TenantIsolationMode.fromParameter("RLS")).isEqualTo(TenantIsolationMode.ROW_LEVEL_SECURITY);
		assertThat(TenantIsolationMode.fromParameter("schema")).isEqualTo(TenantIsolationMode.SCHEMA_PER_TENANT);
		assertThatIllegalArgumentException().isThrownBy(() -> TenantIsolationMode.fromParameter("both"))
			.withMessageContaining("dotmac.tenancy.strategy");
	}

}
