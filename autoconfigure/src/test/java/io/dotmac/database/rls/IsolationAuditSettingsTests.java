package io.dotmac.database.rls;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dotmac.database.DatabaseValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IsolationAuditSettingsTests {

	@Test
	void defaultsAuditTheSearchPathForTenantIdAndTheSharedSetting() {
		IsolationAuditSettings settings = IsolationAuditSettings.defaults();
		assertThat(settings.schemas()).isEmpty();
		assertThat(settings.ignoredTables()).isEmpty();
		assertThat(settings.tenantColumn()).isEqualTo("tenant_id");
		assertThat(settings.settingName()).isEqualTo("app.current_tenant_id");
	}

	@Test
	void ignoresTablesByNameInAnySchemaOrByQualifiedName() {
		IsolationAuditSettings settings = IsolationAuditSettings.builder()
			.ignoredTables(List.of("lookup", "billing.legacy"))
			.build();
		assertThat(settings.isIgnored("public", "lookup")).isTrue();
		assertThat(settings.isIgnored("billing", "lookup")).isTrue();
		assertThat(settings.isIgnored("billing", "legacy")).isTrue();
		assertThat(settings.isIgnored("public", "legacy")).isFalse();
		assertThat(settings.isIgnored("public", "customers")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "current_tenant_id", "app.", ".tenant", "app.tenant id", "app.tenant'); DROP TABLE x; --",
			"1app.tenant", "" })
	void rejectsSettingNamesPostgresqlWouldNotAcceptAsCustomSettings(String name) {
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> IsolationAuditSettings.builder().settingName(name))
			.withMessageContaining("setting name");
	}

	@Test
	void acceptsCustomSettingNames() {
		assertThat(IsolationAuditSettings.builder().settingName("acme.tenant_ID").build().settingName())
			.isEqualTo("acme.tenant_ID");
		assertThat(IsolationAuditSettings.builder().settingName("a.b.c").build().settingName()).isEqualTo("a.b.c");
	}

	@Test
	void rejectsBlankOrOverlongNames() {
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> IsolationAuditSettings.builder().tenantColumn(" tenant_id"))
			.withMessageContaining("tenant column");
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> IsolationAuditSettings.builder().tenantColumn("x".repeat(64)))
			.withMessageContaining("longer than PostgreSQL's 63 characters");
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> IsolationAuditSettings.builder().schemas(List.of("public", "")))
			.withMessageContaining("schema name");
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> IsolationAuditSettings.builder().ignoredTables(List.of("billing.")))
			.withMessageContaining("ignored table 'billing.'");
	}

	@Test
	void rejectedInputChangesNothing() {
		IsolationAuditSettings.Builder builder = IsolationAuditSettings.builder()
			.schemas(List.of("billing"))
			.ignoredTables(List.of("lookup"));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> builder.schemas(List.of("sales", " ")));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> builder.ignoredTables(List.of("other", "")));
		assertThatExceptionOfType(DatabaseValidationException.class).isThrownBy(() -> builder.settingName("bad"));
		IsolationAuditSettings settings = builder.build();
		assertThat(settings.schemas()).containsExactly("billing");
		assertThat(settings.ignoredTables()).containsExactly("lookup");
		assertThat(settings.settingName()).isEqualTo("app.current_tenant_id");
	}

}
