package io.dotmac.database.cache;

/**
 * What the cache does when it is used with no tenant bound to the thread (outside a
 * request, or in {@code TenantContext}'s system scope).
 */
public enum TenantlessPolicy {

	/**
	 * Refuse: every cache operation throws
	 * {@link io.dotmac.database.tenant.MissingTenantException}. The default, so that a
	 * value computed for one tenant can never land where every tenant reads it.
	 */
	FAIL,

	/**
	 * Use a separate shared namespace, {@value TenantCacheStore#SHARED_NAMESPACE}, which no
	 * tenant can ever read or write (tenant ids cannot start with an underscore). For
	 * applications that cache reference data outside any tenant.
	 */
	SHARED

}
