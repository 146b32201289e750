package io.dotmac.database.rls.isolation;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.tenant.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The isolation contract with the read/write split on: read-only transactions run on the
 * replica, which must carry the tenant as well. The replica here is a second database
 * with the same rows marked as the replica's.
 */
class RlsReadReplicaIsolationTests extends AbstractTenantIsolationContractTests {

	@Override
	protected IsolationStrategy createStrategy() {
		return new RlsIsolationStrategy(RlsMode.TRANSACTION, false, true);
	}

	@Test
	void readOnlyTransactionsReadTheTenantsRowsFromTheReplica() {
		List<Note> read = as(A, () -> this.readOnlyTransaction.execute((status) -> this.notes.findAll()));
		assertThat(read).extracting(Note::getOrigin).containsOnly("replica");
		assertOnlySeeded(A, tenantsOf(read), read.size());
		List<String> viaJdbc = as(B, () -> this.readOnlyTransaction.execute(
				(status) -> this.jdbc.queryForList("SELECT origin || ':' || tenant_id FROM notes", String.class)));
		assertThat(viaJdbc).containsOnly("replica:" + B.value()).hasSize(3);
		Long withoutTenant = this.readOnlyTransaction.execute((status) -> this.notes.count());
		assertThat(withoutTenant).isZero();
		long all = TenantContext.callAsSystem("replica check",
				() -> this.readOnlyTransaction.execute((status) -> this.notes.count()));
		assertThat(all).isEqualTo((long) TENANTS.size() * 3);
	}

	@Test
	void readWriteTransactionsStillUseThePrimary() {
		List<Note> read = as(A, () -> this.transaction.execute((status) -> this.notes.findAll()));
		assertThat(read).extracting(Note::getOrigin).containsOnly("primary");
	}

}
