package io.dotmac.database.tenant;

/**
 * Writes a new tenant's initial data (step {@link ProvisioningStep#SEED}). Runs inside
 * {@link TenantContext} for the tenant, before the tenant is served. It may run more than
 * once for the same tenant when a creation is retried, so it must be idempotent (for
 * example {@code INSERT ... ON CONFLICT DO NOTHING}).
 */
@FunctionalInterface
public interface TenantSeeder {

	/**
	 * Write the tenant's initial data.
	 * @param tenant the tenant, also the current {@link TenantContext}
	 */
	void seed(TenantId tenant);

}
