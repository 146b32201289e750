package io.dotmac.database.rls.isolation;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.schema.TenantSchemaNotFoundException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The isolation contract with a schema per tenant, search_path written per transaction
 * (the default), as the application role; plus what is particular to schemas.
 */
class SchemaPerTenantIsolationTests extends AbstractTenantIsolationContractTests {

	@Override
	protected IsolationStrategy createStrategy() {
		return new SchemaIsolationStrategy(RlsMode.TRANSACTION);
	}

	@Test
	void aTenantWithoutASchemaFailsClearlyAndNothingFallsThrough() {
		TenantId unprovisioned = TenantId.of("no-schema-here");
		assertThatException()
			.isThrownBy(() -> TenantContext.call(unprovisioned,
					() -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class)))
			.isInstanceOf(TenantSchemaNotFoundException.class)
			.withMessageContaining("t_no-schema-here");
		assertThatException().isThrownBy(() -> TenantContext.call(unprovisioned, () -> this.notes.findAll()))
			.satisfies((ex) -> assertThat(causes(ex)).anyMatch(TenantSchemaNotFoundException.class::isInstance));
		// The connections stay usable for the next tenant.
		List<String> next = as(A, () -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class));
		assertOnlySeeded(A, next, next.size());
	}

	@Test
	void theTransactionSeesOnlyTheTenantsSchemaOnItsPath() {
		String path = as(B, () -> this.transaction
			.execute((status) -> this.jdbc.queryForObject("SELECT current_setting('search_path')", String.class)));
		assertThat(path).isEqualTo("\"t_tenant-01\"");
		String withoutTenant = this.jdbc.queryForObject("SELECT current_setting('search_path')", String.class);
		assertThat(withoutTenant).isEmpty();
	}

	/**
	 * The limit of schema mode without tenant roles, as the README says: the application role
	 * may use every tenant schema, so SQL that names another tenant's schema reaches it.
	 * {@link SchemaPerTenantRoleIsolationTests} shows tenant roles closing this.
	 */
	@Test
	void withoutTenantRolesSchemaQualifiedNamesReachAnotherTenant() {
		List<String> others = as(A,
				() -> this.jdbc.queryForList("SELECT tenant_id FROM \"t_tenant-01\".notes", String.class));
		assertThat(others).containsOnly(B.value());
	}

	private static List<Throwable> causes(Throwable ex) {
		List<Throwable> causes = new java.util.ArrayList<>();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

}
