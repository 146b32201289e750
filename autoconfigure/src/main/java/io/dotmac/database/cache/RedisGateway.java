package io.dotmac.database.cache;

import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Every Redis call of the cache goes through here: the circuit breaker is asked first, the
 * outcome (and, for timed calls, the duration) is reported to it, and a failure or refusal
 * becomes a {@link RedisUnavailableException} counted on the cache being used.
 */
final class RedisGateway {

	private static final Log logger = LogFactory.getLog(RedisGateway.class);

	private final RedisConnectionFactory connectionFactory;

	private final RedisCircuitBreaker circuitBreaker;

	private final CacheStatistics statistics;

	RedisGateway(RedisConnectionFactory connectionFactory, RedisCircuitBreaker circuitBreaker,
			CacheStatistics statistics) {
		this.connectionFactory = connectionFactory;
		this.circuitBreaker = circuitBreaker;
		this.statistics = statistics;
	}

	/**
	 * Run one Redis call.
	 * @param cache the cache it is for (statistics)
	 * @param timed whether a slow call counts as a failure (not for SCAN walks, which are
	 * long by nature and made of short commands)
	 * @param action the call
	 * @return its result
	 * @throws RedisUnavailableException when the circuit refuses or the call fails
	 */
	<T> @Nullable T execute(String cache, boolean timed, Function<RedisConnection, @Nullable T> action) {
		if (!this.circuitBreaker.tryAcquire()) {
			this.statistics.cache(cache).skipped.increment();
			throw new RedisUnavailableException();
		}
		long start = System.nanoTime();
		T result;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			result = action.apply(connection);
		}
		catch (RuntimeException ex) {
			this.circuitBreaker.onFailure();
			this.statistics.cache(cache).errors.increment();
			if (logger.isDebugEnabled()) {
				logger.debug("Redis cache call failed: " + ex);
			}
			throw new RedisUnavailableException();
		}
		this.circuitBreaker.onSuccess(timed ? System.nanoTime() - start : 0);
		return result;
	}

	/** Run a call whose failure changes nothing for the caller. */
	void tryExecute(String cache, Function<RedisConnection, ?> action) {
		try {
			execute(cache, true, action);
		}
		catch (RedisUnavailableException ex) {
			// Best effort.
		}
	}

}
