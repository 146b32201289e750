package io.dotmac.database.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are tenant-scoped {@link TenantRedisCache}s on
 * one {@link TenantCacheStore}. Caches named in the per-cache TTL map exist from the start;
 * other names are created on first use with the default TTL, unless dynamic creation is off
 * (then {@link #getCache(String)} answers {@code null} for them, which Spring reports as an
 * unknown cache).
 */
public final class TenantRedisCacheManager implements CacheManager {

	private final TenantCacheStore store;

	private final Map<String, Duration> ttls;

	private final Duration defaultTtl;

	private final boolean dynamic;

	private final boolean allowNullValues;

	private final Map<String, TenantRedisCache> caches = new ConcurrentHashMap<>();

	/**
	 * Create a cache manager.
	 * @param store the store
	 * @param ttls time to live per cache name (these caches always exist)
	 * @param defaultTtl time to live of caches not in the map
	 * @param dynamic whether caches not in the map are created on first use
	 * @param allowNullValues whether {@code null} results are cached
	 */
	public TenantRedisCacheManager(TenantCacheStore store, Map<String, Duration> ttls, Duration defaultTtl,
			boolean dynamic, boolean allowNullValues) {
		this.store = Objects.requireNonNull(store, "store");
		this.ttls = Collections.unmodifiableMap(new LinkedHashMap<>(ttls));
		this.defaultTtl = TenantCacheSettings.positive("default-ttl", defaultTtl);
		this.dynamic = dynamic;
		this.allowNullValues = allowNullValues;
		this.ttls.forEach((name, ttl) -> this.caches.put(name, create(name, ttl)));
	}

	@Override
	public @Nullable Cache getCache(String name) {
		TenantRedisCache cache = this.caches.get(name);
		if (cache != null || !this.dynamic) {
			return cache;
		}
		return this.caches.computeIfAbsent(name, (n) -> create(n, this.defaultTtl));
	}

	@Override
	public Collection<String> getCacheNames() {
		return Collections.unmodifiableSet(new TreeSet<>(this.caches.keySet()));
	}

	/**
	 * Return the store under the caches.
	 * @return the store
	 */
	public TenantCacheStore getStore() {
		return this.store;
	}

	private TenantRedisCache create(String name, Duration ttl) {
		return new TenantRedisCache(name, this.store, ttl, this.allowNullValues);
	}

}
