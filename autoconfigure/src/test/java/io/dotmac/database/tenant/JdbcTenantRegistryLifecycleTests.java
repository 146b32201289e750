package io.dotmac.database.tenant;

import java.sql.SQLException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The registry's lifecycle operations (registration in a given status, compare-and-set
 * transitions, removal) as the application role, and the changeset that allows their
 * statuses.
 */
@DotmacTestServers
class JdbcTenantRegistryLifecycleTests {

	private static TenantRegistry registry;

	private static JdbcTemplate owner;

	@BeforeAll
	static void createTable(TestDatabase database) throws SQLException {
		new TenantRegistrySchemaInitializer(database.ownerDataSource(), TenantRegistryTable.defaults()).initialize();
		JdbcTenantRegistryTests.grant(database, "public.dotmac_tenants");
		owner = new JdbcTemplate(database.ownerDataSource());
		owner.execute("GRANT DELETE ON public.dotmac_tenants TO " + database.appUsername());
		registry = new CachingTenantRegistry(new JdbcTenantRegistry(database.appDataSource()));
	}

	@Test
	void aTenantIsRegisteredProvisioningAndActivatedOnlyFromThere() {
		TenantId tenant = TenantId.of("lifecycle-a");
		assertThat(registry.register(tenant, "A", TenantStatus.PROVISIONING).status())
			.isEqualTo(TenantStatus.PROVISIONING);
		assertThat(registry.find(tenant).map(Tenant::isActive)).contains(false);
		assertThatExceptionOfType(TenantStateException.class).isThrownBy(() -> registry.resume(tenant))
			.withMessageContaining("PROVISIONING");
		assertThatExceptionOfType(TenantStateException.class).isThrownBy(() -> registry.suspend(tenant));
		assertThatExceptionOfType(TenantStateException.class)
			.isThrownBy(() -> registry.transition(tenant, TenantStatus.SUSPENDED, TenantStatus.ACTIVE));
		assertThat(registry.transition(tenant, TenantStatus.PROVISIONING, TenantStatus.ACTIVE).status())
			.isEqualTo(TenantStatus.ACTIVE);
		// Already there: succeeds and changes nothing.
		assertThat(registry.transition(tenant, TenantStatus.PROVISIONING, TenantStatus.ACTIVE).status())
			.isEqualTo(TenantStatus.ACTIVE);
		assertThat(registry.find(tenant).map(Tenant::isActive)).contains(true);
	}

	@Test
	void removalNeedsTheExpectedStatus() {
		TenantId tenant = TenantId.of("lifecycle-b");
		registry.register(tenant, "B");
		assertThatExceptionOfType(TenantStateException.class)
			.isThrownBy(() -> registry.remove(tenant, TenantStatus.DELETING));
		assertThat(registry.find(tenant)).isPresent();
		registry.suspend(tenant);
		registry.transition(tenant, TenantStatus.SUSPENDED, TenantStatus.DELETING);
		assertThat(registry.remove(tenant, TenantStatus.DELETING)).isTrue();
		assertThat(registry.find(tenant)).isEmpty();
		assertThat(registry.remove(tenant, TenantStatus.DELETING)).isFalse();
		assertThatExceptionOfType(UnknownTenantException.class)
			.isThrownBy(() -> registry.transition(tenant, TenantStatus.DELETING, TenantStatus.ACTIVE));
	}

	@Test
	void theDatabaseRefusesStatusesItDoesNotKnow() {
		assertThatExceptionOfType(org.springframework.dao.DataIntegrityViolationException.class)
			.isThrownBy(() -> owner.update("INSERT INTO public.dotmac_tenants (id, name, status) VALUES ('x', 'x', 'LOST')"));
		assertThat(owner.queryForList("SELECT conname FROM pg_constraint WHERE conrelid = 'public.dotmac_tenants'::regclass"
				+ " AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%status%'", String.class))
			.containsExactly("dotmac_tenants_status_check");
	}

}
