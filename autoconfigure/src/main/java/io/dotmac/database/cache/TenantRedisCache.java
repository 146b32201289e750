package io.dotmac.database.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} over a {@link TenantCacheStore}: what {@code @Cacheable},
 * {@code @CachePut} and {@code @CacheEvict} use through {@link TenantRedisCacheManager}.
 * Keys are the current tenant's; {@link #clear()} clears the current tenant's entries of
 * this cache only. Keys become strings with {@code toString()} (Spring's generated keys
 * for one argument are the argument itself); a key whose class does not override
 * {@code toString()} is refused.
 */
public final class TenantRedisCache implements Cache {

	private final String name;

	private final TenantCacheStore store;

	private final Duration ttl;

	private final boolean allowNullValues;

	/**
	 * Create the cache.
	 * @param name the cache name (one key segment)
	 * @param store the store
	 * @param ttl time to live of its entries
	 * @param allowNullValues whether {@code null} results are cached
	 */
	public TenantRedisCache(String name, TenantCacheStore store, Duration ttl, boolean allowNullValues) {
		this.name = TenantCacheSettings.segment("cache name", name);
		this.store = Objects.requireNonNull(store, "store");
		this.ttl = TenantCacheSettings.positive("ttl", ttl);
		this.allowNullValues = allowNullValues;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public TenantCacheStore getNativeCache() {
		return this.store;
	}

	/**
	 * Return the entries' time to live.
	 * @return the time to live
	 */
	public Duration getTtl() {
		return this.ttl;
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		CachedValue found = this.store.get(this.name, key(key));
		return (found != null) ? new SimpleValueWrapper(found.value()) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		CachedValue found = this.store.get(this.name, key(key));
		if (found == null || found.value() == null) {
			return null;
		}
		Object value = found.value();
		if (type != null && !type.isInstance(value)) {
			throw new IllegalStateException(
					"Cached value is not of required type [" + type.getName() + "]: " + value.getClass().getName());
		}
		return (T) value;
	}

	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		try {
			return this.store.getOrLoad(this.name, key(key), this.ttl, this.allowNullValues, valueLoader);
		}
		catch (CacheLoaderException ex) {
			throw new ValueRetrievalException(key, valueLoader, ex.getCause());
		}
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		if (value == null && !this.allowNullValues) {
			throw new IllegalArgumentException("Cache '" + this.name + "' does not allow null values; "
					+ "use unless=\"#result == null\" in @Cacheable");
		}
		this.store.put(this.name, key(key), value, this.ttl);
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		String k = key(key);
		if (this.store.putIfAbsent(this.name, k, value, this.ttl)) {
			return null;
		}
		CachedValue existing = this.store.get(this.name, k);
		return (existing != null) ? new SimpleValueWrapper(existing.value()) : null;
	}

	@Override
	public void evict(Object key) {
		this.store.delete(this.name, key(key));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return this.store.delete(this.name, key(key));
	}

	@Override
	public void clear() {
		this.store.invalidateCache(this.name);
	}

	@Override
	public boolean invalidate() {
		return this.store.invalidateCache(this.name) > 0;
	}

	private static String key(Object key) {
		Objects.requireNonNull(key, "key");
		if (!HAS_OWN_TO_STRING.get(key.getClass())) {
			// Object.toString() names the instance, not the value: such a key would never hit again.
			throw new IllegalStateException("Cache key of type " + key.getClass().getName()
					+ " does not override toString(); give @Cacheable a key expression or override toString()");
		}
		return key.toString();
	}

	private static final ClassValue<Boolean> HAS_OWN_TO_STRING = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			try {
				return type.getMethod("toString").getDeclaringClass() != Object.class;
			}
			catch (NoSuchMethodException ex) {
				return false;
			}
		}

	};

}
