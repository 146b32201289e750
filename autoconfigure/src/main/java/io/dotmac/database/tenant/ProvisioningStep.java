package io.dotmac.database.tenant;

/**
 * The steps of a tenant's creation and deletion by {@link TenantProvisioner}, in order. Each
 * step is idempotent, and the tenant's registry status says how far it got, so an operation
 * that stopped at any step (a crash, a lost connection, a failing migration) completes when
 * it is run again.
 */
public enum ProvisioningStep {

	/** Creation: the registry row, in {@link TenantStatus#PROVISIONING}. */
	REGISTER,

	/** Creation: the tenant's storage (a schema, cloned from the template when possible). */
	CREATE_STORAGE,

	/** Creation: migrations to head (when the storage was not cloned at head already). */
	MIGRATE,

	/** Creation: the application role's privileges on the new storage. */
	GRANT,

	/** Creation: the optional seed data. */
	SEED,

	/** Creation: the registry row to {@link TenantStatus#ACTIVE}; the tenant is served. */
	ACTIVATE,

	/** Deletion: the registry row to {@link TenantStatus#DELETING}; no longer served. */
	MARK_DELETING,

	/** Deletion: the tenant's storage and data. */
	DROP_STORAGE,

	/** Deletion: the registry row. */
	UNREGISTER

}
