package io.dotmac.database.cache;

/**
 * Hears every cache operation, for metrics. Called on the caller's thread right after the
 * operation; implementations must be fast and must not throw.
 */
public interface CacheOperationListener {

	/** How a read ended. */
	enum ReadResult {

		/** Answered from Redis. */
		HIT,

		/** Answered from the near cache. */
		NEAR_HIT,

		/** Not in the cache. */
		MISS,

		/** Redis was not asked (circuit open) or failed; counted as a miss. */
		UNAVAILABLE

	}

	/**
	 * A read.
	 * @param cache the cache name
	 * @param result how it ended
	 * @param nanos how long it took
	 */
	default void onGet(String cache, ReadResult result, long nanos) {
	}

	/**
	 * A write to Redis.
	 * @param cache the cache name
	 * @param nanos how long it took
	 */
	default void onPut(String cache, long nanos) {
	}

	/**
	 * A write not made because Redis was unavailable.
	 * @param cache the cache name
	 */
	default void onPutSkipped(String cache) {
	}

	/**
	 * Entries removed.
	 * @param cache the cache name ({@code *} for a tenant invalidation)
	 * @param count how many (1 for a tenant invalidation)
	 * @param nanos how long it took
	 */
	default void onEviction(String cache, long count, long nanos) {
	}

	/**
	 * The circuit breaker changed state.
	 * @param state the new state
	 */
	default void onCircuitState(RedisCircuitBreaker.State state) {
	}

}
