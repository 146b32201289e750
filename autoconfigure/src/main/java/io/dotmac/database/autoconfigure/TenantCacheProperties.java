package io.dotmac.database.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.dotmac.database.cache.TenantlessPolicy;

/**
 * Configuration of the tenant-aware Redis cache, under {@code dotmac.database.cache}.
 */
@ConfigurationProperties("dotmac.database.cache")
public class TenantCacheProperties {

	/**
	 * Whether to set up the tenant-aware cache (the store, SmartCache, the CacheManager,
	 * metrics, endpoint and health) when a RedisConnectionFactory exists.
	 */
	private boolean enabled = true;

	/**
	 * First segment of every Redis key the cache writes:
	 * prefix:tenant:generation:cache:key.
	 */
	private String keyPrefix = "dmc";

	/**
	 * Time to live of entries whose cache has none of its own. Every entry has one, so
	 * that entries of an invalidated tenant generation expire.
	 */
	private Duration defaultTtl = Duration.ofHours(1);

	/**
	 * What the cache does when no tenant is bound to the thread: 'fail' (throw
	 * MissingTenantException) or 'shared' (use the separate '_shared' namespace, which no
	 * tenant can read).
	 */
	private TenantlessPolicy withoutTenant = TenantlessPolicy.FAIL;

	/**
	 * How long a tenant's generation is trusted in memory before it is read again: how
	 * late another instance notices a tenant invalidation when the near cache (and its
	 * invalidation messages) is off.
	 */
	private Duration generationRefresh = Duration.ofSeconds(2);

	/**
	 * Keys asked for per SCAN call and deleted per UNLINK call in pattern invalidation.
	 */
	private int scanBatchSize = 500;

	/**
	 * How many tenants get statistics of their own (the first ones seen); the others are
	 * counted together as '_other'.
	 */
	private int maxTrackedTenants = 100;

	/**
	 * Packages whose classes may be cached and read back (besides the JDK's value types and
	 * collections, and the application's auto-configuration packages). Values of other
	 * classes are refused when read.
	 */
	private List<String> trustedPackages = new ArrayList<>();

	/**
	 * Per-cache settings by cache name. Caches listed here always exist.
	 */
	private Map<String, CacheSpec> caches = new LinkedHashMap<>();

	private final Compression compression = new Compression();

	private final NearCache nearCache = new NearCache();

	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	private final CacheManager cacheManager = new CacheManager();

	private final Smart smart = new Smart();

	/**
	 * Return whether the cache is set up.
	 * @return whether it is
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether the cache is set up.
	 * @param enabled whether it is
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the key prefix.
	 * @return the prefix
	 */
	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * Set the key prefix.
	 * @param keyPrefix the prefix
	 */
	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Return the default time to live.
	 * @return the duration
	 */
	public Duration getDefaultTtl() {
		return this.defaultTtl;
	}

	/**
	 * Set the default time to live.
	 * @param defaultTtl the duration
	 */
	public void setDefaultTtl(Duration defaultTtl) {
		this.defaultTtl = defaultTtl;
	}

	/**
	 * Return what happens without a tenant.
	 * @return the policy
	 */
	public TenantlessPolicy getWithoutTenant() {
		return this.withoutTenant;
	}

	/**
	 * Set what happens without a tenant.
	 * @param withoutTenant the policy
	 */
	public void setWithoutTenant(TenantlessPolicy withoutTenant) {
		this.withoutTenant = withoutTenant;
	}

	/**
	 * Return how long generations are trusted in memory.
	 * @return the duration
	 */
	public Duration getGenerationRefresh() {
		return this.generationRefresh;
	}

	/**
	 * Set how long generations are trusted in memory.
	 * @param generationRefresh the duration
	 */
	public void setGenerationRefresh(Duration generationRefresh) {
		this.generationRefresh = generationRefresh;
	}

	/**
	 * Return the SCAN / UNLINK batch size.
	 * @return keys per batch
	 */
	public int getScanBatchSize() {
		return this.scanBatchSize;
	}

	/**
	 * Set the SCAN / UNLINK batch size.
	 * @param scanBatchSize keys per batch
	 */
	public void setScanBatchSize(int scanBatchSize) {
		this.scanBatchSize = scanBatchSize;
	}

	/**
	 * Return how many tenants get statistics of their own.
	 * @return the count
	 */
	public int getMaxTrackedTenants() {
		return this.maxTrackedTenants;
	}

	/**
	 * Set how many tenants get statistics of their own.
	 * @param maxTrackedTenants the count
	 */
	public void setMaxTrackedTenants(int maxTrackedTenants) {
		this.maxTrackedTenants = maxTrackedTenants;
	}

	/**
	 * Return the trusted packages.
	 * @return the package names
	 */
	public List<String> getTrustedPackages() {
		return this.trustedPackages;
	}

	/**
	 * Set the trusted packages.
	 * @param trustedPackages the package names
	 */
	public void setTrustedPackages(List<String> trustedPackages) {
		this.trustedPackages = trustedPackages;
	}

	/**
	 * Return the per-cache settings.
	 * @return settings by cache name
	 */
	public Map<String, CacheSpec> getCaches() {
		return this.caches;
	}

	/**
	 * Set the per-cache settings.
	 * @param caches settings by cache name
	 */
	public void setCaches(Map<String, CacheSpec> caches) {
		this.caches = caches;
	}

	/**
	 * Return the compression settings.
	 * @return the settings
	 */
	public Compression getCompression() {
		return this.compression;
	}

	/**
	 * Return the near cache settings.
	 * @return the settings
	 */
	public NearCache getNearCache() {
		return this.nearCache;
	}

	/**
	 * Return the circuit breaker settings.
	 * @return the settings
	 */
	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Return the CacheManager settings.
	 * @return the settings
	 */
	public CacheManager getCacheManager() {
		return this.cacheManager;
	}

	/**
	 * Return the SmartCache settings.
	 * @return the settings
	 */
	public Smart getSmart() {
		return this.smart;
	}

	/**
	 * Settings of one named cache.
	 */
	public static class CacheSpec {

		/**
		 * Time to live of this cache's entries. Unset means default-ttl.
		 */
		private @Nullable Duration ttl;

		/**
		 * Return the time to live.
		 * @return the duration, or null for the default
		 */
		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		/**
		 * Set the time to live.
		 * @param ttl the duration
		 */
		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * Compression of large values.
	 */
	public static class Compression {

		/**
		 * Whether values above the threshold are compressed (zstd, when zstd-jni is on the
		 * class path).
		 */
		private boolean enabled = true;

		/**
		 * Serialized size above which values are compressed.
		 */
		private DataSize threshold = DataSize.ofKilobytes(1);

		/**
		 * Return whether compression is on.
		 * @return whether it is
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether compression is on.
		 * @param enabled whether it is
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the threshold.
		 * @return the size
		 */
		public DataSize getThreshold() {
			return this.threshold;
		}

		/**
		 * Set the threshold.
		 * @param threshold the size
		 */
		public void setThreshold(DataSize threshold) {
			this.threshold = threshold;
		}

	}

	/**
	 * The in-memory near cache in front of Redis.
	 */
	public static class NearCache {

		/**
		 * Whether hot reads are answered from a Caffeine cache in each instance, kept
		 * coherent across instances by Redis pub/sub invalidation messages.
		 */
		private boolean enabled;

		/**
		 * Most entries in each instance's near cache.
		 */
		private long maximumSize = 10_000;

		/**
		 * How long an entry stays in the near cache: the bound on staleness should an
		 * invalidation message be lost.
		 */
		private Duration ttl = Duration.ofSeconds(30);

		/**
		 * Return whether the near cache is on.
		 * @return whether it is
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether the near cache is on.
		 * @param enabled whether it is
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the size bound.
		 * @return most entries
		 */
		public long getMaximumSize() {
			return this.maximumSize;
		}

		/**
		 * Set the size bound.
		 * @param maximumSize most entries
		 */
		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		/**
		 * Return the time to live.
		 * @return the duration
		 */
		public Duration getTtl() {
			return this.ttl;
		}

		/**
		 * Set the time to live.
		 * @param ttl the duration
		 */
		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * The circuit breaker in front of Redis.
	 */
	public static class CircuitBreaker {

		/**
		 * Consecutive failed or slow Redis calls that open the circuit.
		 */
		private int failureThreshold = 5;

		/**
		 * How long the circuit stays open before one trial call is let through.
		 */
		private Duration openDuration = Duration.ofSeconds(5);

		/**
		 * A Redis call slower than this counts as a failure. Keep spring.data.redis.timeout
		 * short too: a call to an unreachable Redis waits that long.
		 */
		private Duration slowCallThreshold = Duration.ofMillis(500);

		/**
		 * Return the failure threshold.
		 * @return consecutive failures
		 */
		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		/**
		 * Set the failure threshold.
		 * @param failureThreshold consecutive failures
		 */
		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		/**
		 * Return the open duration.
		 * @return the duration
		 */
		public Duration getOpenDuration() {
			return this.openDuration;
		}

		/**
		 * Set the open duration.
		 * @param openDuration the duration
		 */
		public void setOpenDuration(Duration openDuration) {
			this.openDuration = openDuration;
		}

		/**
		 * Return the slow-call threshold.
		 * @return the duration
		 */
		public Duration getSlowCallThreshold() {
			return this.slowCallThreshold;
		}

		/**
		 * Set the slow-call threshold.
		 * @param slowCallThreshold the duration
		 */
		public void setSlowCallThreshold(Duration slowCallThreshold) {
			this.slowCallThreshold = slowCallThreshold;
		}

	}

	/**
	 * Spring's cache abstraction.
	 */
	public static class CacheManager {

		/**
		 * Whether to register the tenant-aware CacheManager for @Cacheable. It is
		 * registered only with @EnableCaching, when no other CacheManager is defined and
		 * spring.cache.type is not set.
		 */
		private boolean enabled = true;

		/**
		 * Whether caches not listed under dotmac.database.cache.caches are created on
		 * first use (with default-ttl).
		 */
		private boolean dynamic = true;

		/**
		 * Whether null results of @Cacheable methods are cached.
		 */
		private boolean cacheNullValues = true;

		/**
		 * Return whether the CacheManager is registered.
		 * @return whether it is
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether the CacheManager is registered.
		 * @param enabled whether it is
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return whether unknown caches are created on first use.
		 * @return whether they are
		 */
		public boolean isDynamic() {
			return this.dynamic;
		}

		/**
		 * Set whether unknown caches are created on first use.
		 * @param dynamic whether they are
		 */
		public void setDynamic(boolean dynamic) {
			this.dynamic = dynamic;
		}

		/**
		 * Return whether nulls are cached.
		 * @return whether they are
		 */
		public boolean isCacheNullValues() {
			return this.cacheNullValues;
		}

		/**
		 * Set whether nulls are cached.
		 * @param cacheNullValues whether they are
		 */
		public void setCacheNullValues(boolean cacheNullValues) {
			this.cacheNullValues = cacheNullValues;
		}

	}

	/**
	 * The SmartCache bean.
	 */
	public static class Smart {

		/**
		 * Cache name (key segment) of the SmartCache bean's entries.
		 */
		private String name = "smart";

		/**
		 * Return the name.
		 * @return the name
		 */
		public String getName() {
			return this.name;
		}

		/**
		 * Set the name.
		 * @param name the name
		 */
		public void setName(String name) {
			this.name = name;
		}

	}

}
