package io.dotmac.database.tenant;

/**
 * Where an isolation strategy keeps a tenant's data, as {@link TenantProvisioner} sees it:
 * schema per tenant creates and drops a schema; Row-Level Security has nothing to create
 * and deletes the tenant's rows. Every method must be idempotent, and must be safe to run
 * again after it stopped half way.
 */
public interface TenantStorage {

	/**
	 * Create the tenant's storage and bring it to the current version (steps
	 * {@link ProvisioningStep#CREATE_STORAGE}, {@link ProvisioningStep#MIGRATE},
	 * {@link ProvisioningStep#GRANT}), telling the listener before each.
	 * @param tenant the tenant, registered and {@link TenantStatus#PROVISIONING}
	 * @param listener the listener
	 */
	void create(TenantId tenant, ProvisioningListener listener);

	/**
	 * Remove the tenant's storage and every piece of its data (step
	 * {@link ProvisioningStep#DROP_STORAGE}). Nothing to remove is not an error.
	 * @param tenant the tenant, {@link TenantStatus#DELETING}
	 */
	void drop(TenantId tenant);

}
