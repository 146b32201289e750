package io.dotmac.database.tenant;

/**
 * Whether a registered tenant may be served.
 */
public enum TenantStatus {

	/** The tenant is served. */
	ACTIVE,

	/**
	 * The tenant exists but is not served: requests for it are answered exactly as for a tenant
	 * that does not exist. Its data is kept.
	 */
	SUSPENDED,

	/**
	 * The tenant is being created (its storage and migrations are under way, or a creation
	 * failed half way and awaits a retry): not served.
	 */
	PROVISIONING,

	/**
	 * The tenant is being deleted (or a deletion failed half way and awaits a retry): not
	 * served.
	 */
	DELETING

}
