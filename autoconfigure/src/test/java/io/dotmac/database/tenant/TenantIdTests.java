package io.dotmac.database.tenant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import io.dotmac.database.DatabaseValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TenantIdTests {

	@ParameterizedTest
	@ValueSource(strings = { "acme", "a", "0", "tenant-42", "tenant_42", "9f1c2d3e-4b5a-6c7d-8e9f-0a1b2c3d4e5f",
			"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijkl" })
	void acceptsTheDocumentedForm(String value) {
		assertThat(TenantId.of(value).value()).isEqualTo(value);
		assertThat(TenantId.isValid(value)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Acme", "-acme", "_acme", "ac me", " acme", "acme ", "acme\n", "acme;drop table x",
			"acme' or '1'='1", "a.b", "a/b", "ä", "acme\u0000", "ａｃｍｅ", "acme%27",
			"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklm" })
	void rejectsEverythingElseWithoutEchoingIt(String value) {
		assertThat(TenantId.isValid(value)).isFalse();
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(() -> TenantId.of(value))
			.isInstanceOf(DatabaseValidationException.class)
			.satisfies((ex) -> {
				if (!value.isEmpty()) {
					assertThat(ex.getMessage()).doesNotContain(value);
				}
			});
	}

	@Test
	void rejectsNull() {
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(() -> TenantId.of(null))
			.withMessage("Tenant id is empty");
	}

	@Test
	void saysWhatIsWrong() {
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(() -> TenantId.of("x".repeat(49)))
			.withMessageContaining("49 characters").withMessageContaining("at most 48");
		assertThatExceptionOfType(InvalidTenantIdException.class).isThrownBy(() -> TenantId.of("acme;x"))
			.withMessageContaining("position 5");
	}

	@Test
	void comparesByValue() {
		assertThat(TenantId.of("acme")).isEqualTo(TenantId.of("acme")).hasSameHashCodeAs(TenantId.of("acme"))
			.isNotEqualTo(TenantId.of("acme2")).hasToString("acme");
		assertThat(TenantId.of("a")).isLessThan(TenantId.of("b"));
	}

	@Test
	void isAPlainJsonStringAndValidatesWhenRead() {
		JsonMapper json = JsonMapper.builder().build();
		assertThat(json.writeValueAsString(TenantId.of("acme"))).isEqualTo("\"acme\"");
		assertThat(json.readValue("\"acme\"", TenantId.class)).isEqualTo(TenantId.of("acme"));
		assertThatExceptionOfType(DatabindException.class).isThrownBy(() -> json.readValue("\"Acme\"", TenantId.class))
			.withRootCauseInstanceOf(InvalidTenantIdException.class);
	}

}
