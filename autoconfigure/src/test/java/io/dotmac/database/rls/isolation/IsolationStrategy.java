package io.dotmac.database.rls.isolation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.tenant.TenantId;

/**
 * What {@link AbstractTenantIsolationContractTests} needs from an isolation strategy:
 * Row-Level Security or a schema per tenant. The contract only uses the
 * application's own APIs (JPA, Spring Data, JdbcTemplate, native SQL) with a
 * {@link io.dotmac.database.tenant.TenantContext}; the strategy sets up the database and
 * the application's properties, and gives the tests a way past isolation to seed and to
 * check rows.
 * <p>
 * Every strategy stores notes with the columns {@code id uuid}, {@code tenant_id},
 * {@code title} and {@code origin}, wherever it keeps them, so the tests can check the
 * tenant of each row they read.
 */
public interface IsolationStrategy extends AutoCloseable {

	/**
	 * Create the notes storage and whatever isolation needs, before the application starts.
	 * @param database the test database
	 * @param tenants the tenants the tests use
	 */
	void prepare(TestDatabase database, List<TenantId> tenants);

	/**
	 * The application's properties: connection (as which role), strategy settings.
	 * @return the properties
	 */
	Map<String, Object> applicationProperties();

	/**
	 * Insert a note for a tenant, past isolation.
	 */
	void insert(TenantId tenant, UUID id, String title);

	/**
	 * Every note of every tenant, read past isolation.
	 * @return the notes
	 */
	List<StoredNote> allNotes();

	/**
	 * Whether all tenants' rows share one key space (one table), so that an id taken by
	 * one tenant cannot be used by another. False for a table per tenant.
	 * @return whether keys are shared
	 */
	default boolean tenantsShareKeys() {
		return true;
	}

	/**
	 * Whether the system scope sees every tenant's rows through the tenant tables' own
	 * names. False for schema per tenant, where the system scope works in the shared
	 * schemas.
	 * @return whether the system scope spans tenants
	 */
	default boolean systemScopeSeesAllTenants() {
		return true;
	}

	/**
	 * Whether work without a tenant cannot even name a tenant table (the table is not on
	 * its path and statements fail), rather than seeing it empty.
	 * @return whether tenant tables are hidden without a tenant
	 */
	default boolean tenantTablesHiddenWithoutTenant() {
		return false;
	}

	/**
	 * A note as stored.
	 */
	record StoredNote(UUID id, String tenantId, String title) {
	}

	@Override
	void close();

}
