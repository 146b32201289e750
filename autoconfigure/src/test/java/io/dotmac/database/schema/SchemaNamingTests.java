package io.dotmac.database.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The tenant id to schema name mapping: injective, reversible, quoted, within PostgreSQL's
 * 63 bytes, never a system or shared schema.
 */
class SchemaNamingTests {

	private final SchemaNaming naming = SchemaNaming.defaults();

	@Test
	void idsThatNaiveReplacementWouldMergeGetDistinctSchemas() {
		assertThat(this.naming.schemaFor(TenantId.of("a-b"))).isEqualTo("t_a-b");
		assertThat(this.naming.schemaFor(TenantId.of("a_b"))).isEqualTo("t_a_b");
		assertThat(this.naming.quoted(TenantId.of("a-b"))).isEqualTo("\"t_a-b\"");
	}

	@Test
	void manyIdsMapToAsManySchemasAndBack() {
		List<String> alphabet = List.of("a", "b", "-", "_", "0");
		Set<String> schemas = new HashSet<>();
		int count = 0;
		for (String first : List.of("a", "0")) {
			for (String second : alphabet) {
				for (String third : alphabet) {
					TenantId tenant = TenantId.of(first + second + third);
					String schema = this.naming.schemaFor(tenant);
					schemas.add(schema);
					assertThat(this.naming.tenantOf(schema)).contains(tenant);
					count++;
				}
			}
		}
		assertThat(schemas).hasSize(count);
	}

	@Test
	void theLongestIdWithTheLongestPrefixFitsIn63Bytes() {
		String longest = IntStream.range(0, 48).mapToObj((i) -> "z").reduce("", String::concat);
		String schema = SchemaNaming.withPrefix("abcdefghijklmn_").schemaFor(TenantId.of(longest));
		assertThat(schema.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(63);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "t", "T_", "_t_", "t-", "pg_", "pg_x_", "abcdefghijklmno_", "t\"_", "1t_" })
	void badPrefixesAreRefused(String prefix) {
		assertThatExceptionOfType(DatabaseValidationException.class).isThrownBy(() -> SchemaNaming.withPrefix(prefix));
	}

	@Test
	void systemAndSharedSchemasAreNeverATenantsSchema() {
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> SchemaNaming.withPrefix("information_").schemaFor(TenantId.of("schema")));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> SchemaNaming.withPrefix("publi_").reserving(Set.of("publi_c")).schemaFor(TenantId.of("c")));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> SchemaSettings.defaults().withSharedSchemas(List.of("t_reference")));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> SchemaSettings.defaults().withSharedSchemas(List.of("pg_catalog")));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> SchemaSettings.defaults().withSharedSchemas(List.of("x\"; DROP SCHEMA y; --")));
	}

	@Test
	void otherSchemasAreNotTenants() {
		assertThat(this.naming.tenantOf("public")).isEmpty();
		assertThat(this.naming.tenantOf("t_")).isEmpty();
		assertThat(this.naming.tenantOf("t__template")).isEmpty();
		assertThat(this.naming.tenantOf("t_UPPER")).isEmpty();
	}

	@Test
	void searchPathsListTheTenantThenTheSharedSchemas() {
		SchemaSettings settings = SchemaSettings.defaults().withSharedSchemas(List.of("reference", "public"));
		assertThat(settings.searchPathFor(TenantId.of("acme"))).isEqualTo("\"t_acme\", \"reference\", \"public\"");
		assertThat(settings.sharedSearchPath()).isEqualTo("\"reference\", \"public\"");
		assertThat(SchemaSettings.defaults().sharedSearchPath()).isEmpty();
	}

}
