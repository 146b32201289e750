package io.dotmac.database.cache;

import java.time.Duration;
import java.util.Objects;

import io.dotmac.database.DatabaseValidationException;

/**
 * Settings of a {@link TenantCacheStore}: key prefix, default time to live, compression
 * threshold, what happens without a tenant, how long a tenant's generation is trusted in
 * memory, the SCAN batch size, and the near cache and circuit breaker settings. Immutable;
 * made with {@link #builder()}, which rejects bad values with a
 * {@link DatabaseValidationException} naming the setting.
 *
 * @param keyPrefix first segment of every Redis key the cache writes
 * @param defaultTtl time to live of entries whose cache has none of its own
 * @param compressionThreshold serialized size in bytes above which values are compressed;
 * negative to never compress
 * @param tenantlessPolicy what an operation with no tenant bound does
 * @param generationRefresh how long a tenant's generation is trusted in memory before it is
 * read again from Redis (how late another instance may notice a tenant invalidation when
 * invalidation messages are off)
 * @param scanBatchSize keys asked for per SCAN call and deleted per UNLINK call
 * @param maxTrackedTenants how many tenants get their own statistics; the rest are counted
 * together
 * @param nearCache near cache settings
 * @param circuitBreaker circuit breaker settings
 */
public record TenantCacheSettings(String keyPrefix, Duration defaultTtl, int compressionThreshold,
		TenantlessPolicy tenantlessPolicy, Duration generationRefresh, int scanBatchSize, int maxTrackedTenants,
		NearCacheSettings nearCache, CircuitBreakerSettings circuitBreaker) {

	/**
	 * Validate the settings.
	 */
	public TenantCacheSettings {
		keyPrefix = segment("key-prefix", keyPrefix);
		defaultTtl = positive("default-ttl", defaultTtl);
		Objects.requireNonNull(tenantlessPolicy, "tenantlessPolicy");
		generationRefresh = positive("generation-refresh", generationRefresh);
		if (scanBatchSize < 1 || scanBatchSize > 10_000) {
			throw new DatabaseValidationException("scan-batch-size must be between 1 and 10000, was " + scanBatchSize);
		}
		if (maxTrackedTenants < 0) {
			throw new DatabaseValidationException("max-tracked-tenants must not be negative");
		}
		Objects.requireNonNull(nearCache, "nearCache");
		Objects.requireNonNull(circuitBreaker, "circuitBreaker");
	}

	/**
	 * Start from the defaults: prefix {@code dmc}, one hour, compression above 1 KiB, fail
	 * without a tenant, generations trusted for 2 s, batches of 500, 100 tracked tenants,
	 * no near cache, and a circuit that opens after 5 failures for 5 s.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Check that a cache name (or key prefix) is safe as one segment of a Redis key and of a
	 * SCAN pattern: 1 to 64 letters, digits, {@code _}, {@code .} or {@code -}.
	 * @param what what the value is, for the error
	 * @param value the value
	 * @return the value
	 * @throws DatabaseValidationException when it is not
	 */
	static String segment(String what, String value) {
		if (!isSegment(value)) {
			throw new DatabaseValidationException(what + " must be 1 to 64 letters, digits, '_', '.' or '-' (no ':' "
					+ "or glob characters), was " + (value == null ? "null" : "'" + value + "'"));
		}
		return value;
	}

	// Runs on every cache operation: a loop, not a regular expression.
	private static boolean isSegment(String value) {
		if (value == null || value.isEmpty() || value.length() > 64) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
					|| c == '-')) {
				return false;
			}
		}
		return true;
	}

	static Duration positive(String what, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new DatabaseValidationException(what + " must be a positive duration, was " + value);
		}
		return value;
	}

	/**
	 * Near cache settings: a Caffeine cache in each instance in front of Redis.
	 *
	 * @param enabled whether reads are answered from memory when they can be
	 * @param maximumSize most entries kept in memory per instance
	 * @param ttl how long an entry stays in memory (a bound on staleness should an
	 * invalidation message be lost)
	 */
	public record NearCacheSettings(boolean enabled, long maximumSize, Duration ttl) {

		/**
		 * Validate the settings.
		 */
		public NearCacheSettings {
			if (maximumSize < 1) {
				throw new DatabaseValidationException("near-cache.maximum-size must be positive, was " + maximumSize);
			}
			ttl = positive("near-cache.ttl", ttl);
		}

	}

	/**
	 * Circuit breaker settings.
	 *
	 * @param failureThreshold consecutive failed (or slow) Redis calls that open the circuit
	 * @param openDuration how long the circuit stays open before one trial call is let through
	 * @param slowCallThreshold a Redis call slower than this counts as a failure
	 */
	public record CircuitBreakerSettings(int failureThreshold, Duration openDuration, Duration slowCallThreshold) {

		/**
		 * Validate the settings.
		 */
		public CircuitBreakerSettings {
			if (failureThreshold < 1) {
				throw new DatabaseValidationException(
						"circuit-breaker.failure-threshold must be at least 1, was " + failureThreshold);
			}
			openDuration = positive("circuit-breaker.open-duration", openDuration);
			slowCallThreshold = positive("circuit-breaker.slow-call-threshold", slowCallThreshold);
		}

	}

	/**
	 * Builder of {@link TenantCacheSettings}.
	 */
	public static final class Builder {

		private String keyPrefix = "dmc";

		private Duration defaultTtl = Duration.ofHours(1);

		private int compressionThreshold = 1024;

		private TenantlessPolicy tenantlessPolicy = TenantlessPolicy.FAIL;

		private Duration generationRefresh = Duration.ofSeconds(2);

		private int scanBatchSize = 500;

		private int maxTrackedTenants = 100;

		private boolean nearCacheEnabled;

		private long nearCacheMaximumSize = 10_000;

		private Duration nearCacheTtl = Duration.ofSeconds(30);

		private int failureThreshold = 5;

		private Duration openDuration = Duration.ofSeconds(5);

		private Duration slowCallThreshold = Duration.ofMillis(500);

		private Builder() {
		}

		/**
		 * Set the key prefix.
		 * @param keyPrefix the prefix
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
			return this;
		}

		/**
		 * Set the default time to live.
		 * @param defaultTtl the time to live
		 * @return this builder
		 */
		public Builder defaultTtl(Duration defaultTtl) {
			this.defaultTtl = defaultTtl;
			return this;
		}

		/**
		 * Set the compression threshold.
		 * @param bytes serialized size above which values are compressed; negative for never
		 * @return this builder
		 */
		public Builder compressionThreshold(int bytes) {
			this.compressionThreshold = bytes;
			return this;
		}

		/**
		 * Set what happens without a tenant.
		 * @param policy the policy
		 * @return this builder
		 */
		public Builder tenantlessPolicy(TenantlessPolicy policy) {
			this.tenantlessPolicy = policy;
			return this;
		}

		/**
		 * Set how long a tenant generation is trusted in memory.
		 * @param refresh the duration
		 * @return this builder
		 */
		public Builder generationRefresh(Duration refresh) {
			this.generationRefresh = refresh;
			return this;
		}

		/**
		 * Set the SCAN / UNLINK batch size.
		 * @param size keys per batch
		 * @return this builder
		 */
		public Builder scanBatchSize(int size) {
			this.scanBatchSize = size;
			return this;
		}

		/**
		 * Set how many tenants get statistics of their own.
		 * @param count the number of tenants
		 * @return this builder
		 */
		public Builder maxTrackedTenants(int count) {
			this.maxTrackedTenants = count;
			return this;
		}

		/**
		 * Turn the near cache on or off.
		 * @param enabled whether it is on
		 * @return this builder
		 */
		public Builder nearCache(boolean enabled) {
			this.nearCacheEnabled = enabled;
			return this;
		}

		/**
		 * Set the near cache's size bound.
		 * @param maximumSize most entries per instance
		 * @return this builder
		 */
		public Builder nearCacheMaximumSize(long maximumSize) {
			this.nearCacheMaximumSize = maximumSize;
			return this;
		}

		/**
		 * Set the near cache's time to live.
		 * @param ttl the time to live
		 * @return this builder
		 */
		public Builder nearCacheTtl(Duration ttl) {
			this.nearCacheTtl = ttl;
			return this;
		}

		/**
		 * Set the failures that open the circuit.
		 * @param threshold consecutive failures
		 * @return this builder
		 */
		public Builder failureThreshold(int threshold) {
			this.failureThreshold = threshold;
			return this;
		}

		/**
		 * Set how long the circuit stays open.
		 * @param openDuration the duration
		 * @return this builder
		 */
		public Builder openDuration(Duration openDuration) {
			this.openDuration = openDuration;
			return this;
		}

		/**
		 * Set the duration above which a call counts as failed.
		 * @param threshold the duration
		 * @return this builder
		 */
		public Builder slowCallThreshold(Duration threshold) {
			this.slowCallThreshold = threshold;
			return this;
		}

		/**
		 * Build and validate the settings.
		 * @return the settings
		 */
		public TenantCacheSettings build() {
			return new TenantCacheSettings(this.keyPrefix, this.defaultTtl, this.compressionThreshold,
					this.tenantlessPolicy, this.generationRefresh, this.scanBatchSize, this.maxTrackedTenants,
					new NearCacheSettings(this.nearCacheEnabled, this.nearCacheMaximumSize, this.nearCacheTtl),
					new CircuitBreakerSettings(this.failureThreshold, this.openDuration, this.slowCallThreshold));
		}

	}

}
