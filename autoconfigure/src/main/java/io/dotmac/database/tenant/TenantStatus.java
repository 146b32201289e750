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
	SUSPENDED

}
