package io.dotmac.database.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * A tenant-scoped key-value cache for code that caches by hand: get and set with a time to
 * live, get-or-load, delete, pattern invalidation and statistics. One named region of a
 * {@link TenantCacheStore}; every key is the current tenant's (see
 * {@link TenantCacheStore} for the key layout and what happens when Redis is down).
 *
 * <pre>{@code
 * Plan plan = smartCache.getOrLoad("plan:" + id, Plan.class, () -> plans.findById(id));
 * smartCache.invalidatePattern("plan:*");
 * }</pre>
 */
public final class SmartCache {

	private final TenantCacheStore store;

	private final String name;

	private final Duration defaultTtl;

	/**
	 * Create a cache region.
	 * @param store the store
	 * @param name the region's name (one key segment: letters, digits, '_', '.', '-')
	 * @param defaultTtl time to live when none is given
	 */
	public SmartCache(TenantCacheStore store, String name, Duration defaultTtl) {
		this.store = Objects.requireNonNull(store, "store");
		this.name = TenantCacheSettings.segment("cache name", name);
		this.defaultTtl = TenantCacheSettings.positive("ttl", defaultTtl);
	}

	/**
	 * Return the region's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Read a value.
	 * @param <T> the expected type
	 * @param key the key
	 * @param type the expected type
	 * @return the value, or {@code null} on a miss (or when Redis is unavailable)
	 * @throws IllegalStateException when the cached value is not of the type
	 */
	public <T> @Nullable T get(String key, Class<T> type) {
		CachedValue found = this.store.get(this.name, key);
		return (found != null) ? cast(key, found.value(), type) : null;
	}

	/**
	 * Write a value with the default time to live.
	 * @param key the key
	 * @param value the value
	 * @return whether it was written (false when Redis is unavailable)
	 */
	public boolean set(String key, Object value) {
		return set(key, value, this.defaultTtl);
	}

	/**
	 * Write a value.
	 * @param key the key
	 * @param value the value
	 * @param ttl its time to live
	 * @return whether it was written (false when Redis is unavailable)
	 */
	public boolean set(String key, Object value, Duration ttl) {
		return this.store.put(this.name, key, Objects.requireNonNull(value, "value"), ttl);
	}

	/**
	 * Return the cached value, or load, cache and return it. A {@code null} from the loader
	 * is returned but not cached. When Redis is unavailable the loader's value is returned
	 * without caching.
	 * @param <T> the value type
	 * @param key the key
	 * @param type the value type
	 * @param loader computes the value on a miss
	 * @return the value
	 * @throws CacheLoaderException when the loader throws
	 */
	public <T> @Nullable T getOrLoad(String key, Class<T> type, Callable<? extends @Nullable T> loader) {
		return getOrLoad(key, type, this.defaultTtl, loader);
	}

	/**
	 * Return the cached value, or load, cache (with the given time to live) and return it.
	 * @param <T> the value type
	 * @param key the key
	 * @param type the value type
	 * @param ttl time to live of a loaded value
	 * @param loader computes the value on a miss
	 * @return the value
	 * @throws CacheLoaderException when the loader throws
	 */
	public <T> @Nullable T getOrLoad(String key, Class<T> type, Duration ttl, Callable<? extends @Nullable T> loader) {
		Object value = this.store.getOrLoad(this.name, key, ttl, false, loader);
		return cast(key, value, type);
	}

	/**
	 * Delete a value.
	 * @param key the key
	 * @return whether one was deleted
	 */
	public boolean delete(String key) {
		return this.store.delete(this.name, key);
	}

	/**
	 * Delete every value of the current tenant whose key matches a Redis glob pattern (such
	 * as {@code user:*}), with SCAN and UNLINK in batches.
	 * @param pattern the pattern
	 * @return how many were deleted
	 */
	public long invalidatePattern(String pattern) {
		return this.store.invalidatePattern(this.name, pattern);
	}

	/**
	 * Drop everything the current tenant has cached, in every cache, in O(1).
	 * @return whether it was done now (otherwise once Redis answers again)
	 */
	public boolean invalidateTenant() {
		return this.store.invalidateCurrentTenant();
	}

	/**
	 * Drop everything a tenant has cached, in every cache, in O(1).
	 * @param tenant the tenant
	 * @return whether it was done now (otherwise once Redis answers again)
	 */
	public boolean invalidateTenant(TenantId tenant) {
		return this.store.invalidateTenant(tenant);
	}

	/**
	 * Return this region's statistics.
	 * @return hits, misses, hit rate, loads, evictions, bytes before and after compression
	 */
	public CacheStatisticsSnapshot stats() {
		return this.store.statistics().cacheSnapshot(this.name);
	}

	private static <T> @Nullable T cast(String key, @Nullable Object value, Class<T> type) {
		if (value == null) {
			return null;
		}
		if (!type.isInstance(value)) {
			throw new IllegalStateException("Cached value for '" + key + "' is a " + value.getClass().getName()
					+ ", not a " + type.getName());
		}
		return type.cast(value);
	}

}
