package io.dotmac.database.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;

/**
 * The generation counter of each tenant namespace ({@code <prefix>:<namespace>:gen}): read
 * from Redis and trusted in memory for {@code generation-refresh}, moved on with one atomic
 * script. A missing counter is seeded from the clock in microseconds, so a counter lost to
 * eviction or a restart starts above every generation it had before (unless more than a
 * thousand invalidations a millisecond were made since it was first seeded).
 */
final class TenantGenerations {

	/** INCR that first seeds a missing counter. */
	private static final byte[] BUMP_SCRIPT = ("if redis.call('EXISTS', KEYS[1]) == 0 then "
			+ "redis.call('SET', KEYS[1], ARGV[1]) end return redis.call('INCR', KEYS[1])")
		.getBytes(StandardCharsets.UTF_8);

	private static final String SUFFIX = ":gen";

	private final RedisGateway redis;

	private final String keyPrefix;

	private final long refreshNanos;

	private final Map<String, Generation> known = new ConcurrentHashMap<>();

	TenantGenerations(RedisGateway redis, String keyPrefix, Duration refresh) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.refreshNanos = refresh.toNanos();
	}

	/**
	 * Return a namespace's current generation.
	 * @throws RedisUnavailableException when it must be read and Redis does not answer
	 */
	long current(String namespace, String cache) {
		Generation generation = this.known.get(namespace);
		long now = System.nanoTime();
		if (generation != null && now - generation.readAt < this.refreshNanos) {
			return generation.value;
		}
		byte[] key = key(namespace);
		byte[] seed = seed();
		Long value = this.redis.execute(cache, true, (connection) -> {
			byte[] current = connection.stringCommands().get(key);
			if (current == null) {
				connection.stringCommands().set(key, seed, Expiration.persistent(), SetOption.ifAbsent());
				current = connection.stringCommands().get(key);
			}
			return (current != null) ? Long.valueOf(new String(current, StandardCharsets.UTF_8)) : null;
		});
		if (value == null) {
			throw new RedisUnavailableException();
		}
		this.known.put(namespace, new Generation(value, now));
		return value;
	}

	/**
	 * Move a namespace to a new generation.
	 * @return the new generation
	 * @throws RedisUnavailableException when Redis does not answer
	 */
	long bump(String namespace) {
		byte[] key = key(namespace);
		byte[] seed = seed();
		Long value = this.redis.execute("*", true,
				(connection) -> connection.scriptingCommands().eval(BUMP_SCRIPT, ReturnType.INTEGER, 1, key, seed));
		if (value == null) {
			throw new RedisUnavailableException();
		}
		this.known.put(namespace, new Generation(value, System.nanoTime()));
		return value;
	}

	/** Another instance moved a namespace on: take its generation unless ours is newer. */
	void advance(String namespace, long value) {
		this.known.merge(namespace, new Generation(value, System.nanoTime()),
				(old, update) -> (update.value >= old.value) ? update : old);
	}

	/** Forget every generation (they may move while this instance cannot see Redis). */
	void forget() {
		this.known.clear();
	}

	/**
	 * Return every namespace that has a generation counter, found with SCAN.
	 * @throws RedisUnavailableException when Redis does not answer
	 */
	List<String> namespaces(int batchSize) {
		String prefix = this.keyPrefix + ':';
		ScanOptions options = ScanOptions.scanOptions().match(prefix + "*" + SUFFIX).count(batchSize).build();
		List<String> namespaces = this.redis.execute("*", false, (connection) -> {
			List<String> found = new ArrayList<>();
			try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
				while (cursor.hasNext()) {
					String key = new String(cursor.next(), StandardCharsets.UTF_8);
					String namespace = key.substring(prefix.length(), key.length() - SUFFIX.length());
					// Entry keys whose own key ends in ":gen" match the pattern too.
					if (!namespace.isEmpty() && namespace.indexOf(':') < 0) {
						found.add(namespace);
					}
				}
			}
			return found;
		});
		return (namespaces != null) ? namespaces : List.of();
	}

	private byte[] key(String namespace) {
		return (this.keyPrefix + ':' + namespace + SUFFIX).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] seed() {
		return Long.toString(System.currentTimeMillis() * 1000).getBytes(StandardCharsets.UTF_8);
	}

	private record Generation(long value, long readAt) {
	}

}
