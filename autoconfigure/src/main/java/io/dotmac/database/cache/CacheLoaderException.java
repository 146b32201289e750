package io.dotmac.database.cache;

import org.jspecify.annotations.Nullable;

/**
 * A loader given to {@link SmartCache#getOrLoad} or {@link TenantCacheStore#getOrLoad}
 * threw; the cause is what it threw. Nothing was cached.
 */
public class CacheLoaderException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create the exception.
	 * @param message what was being loaded
	 * @param cause what the loader threw
	 */
	public CacheLoaderException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
