package io.dotmac.database.rls.isolation;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;

import io.dotmac.database.rls.RlsMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The isolation contract with a schema per tenant and a role per tenant
 * ({@code dotmac.database.schema.tenant-role-prefix}): each tenant's transactions run as
 * the tenant's role, the only one with rights on its schema, so that schema-qualified SQL
 * cannot reach another tenant either.
 */
class SchemaPerTenantRoleIsolationTests extends AbstractTenantIsolationContractTests {

	@Override
	protected IsolationStrategy createStrategy() {
		String prefix = "r" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL) + "_";
		return new SchemaIsolationStrategy(RlsMode.TRANSACTION, prefix);
	}

	@Test
	void schemaQualifiedNamesCannotReachAnotherTenant() {
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> as(A, () -> this.jdbc.queryForList("SELECT title FROM \"t_tenant-01\".notes", String.class)))
			.havingRootCause()
			.withMessageContaining("permission denied");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> as(A, () -> this.jdbc.update("DELETE FROM \"t_tenant-01\".notes")));
		List<String> own = as(A, () -> this.jdbc.queryForList("SELECT tenant_id FROM \"t_tenant-00\".notes", String.class));
		assertOnlySeeded(A, own, own.size());
		assertNotesUnchanged();
	}

}
