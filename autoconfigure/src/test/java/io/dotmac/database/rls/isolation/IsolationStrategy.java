package io.dotmac.database.rls.isolation;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.tenant.TenantId;

/**
 * What {@link AbstractTenantIsolationContractTests} needs from an isolation strategy:
 * Row-Level Security today, schema per tenant later. The contract only uses the
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
	 * A note as stored.
	 */
	record StoredNote(UUID id, String tenantId, String title) {
	}

	@Override
	void close();

}
