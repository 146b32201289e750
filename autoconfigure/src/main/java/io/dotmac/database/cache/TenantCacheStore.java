package io.dotmac.database.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.ClassUtils;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.cache.CacheOperationListener.ReadResult;
import io.dotmac.database.tenant.MissingTenantException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

/**
 * The tenant-aware Redis cache engine under {@link SmartCache} and
 * {@link TenantRedisCacheManager}.
 * <p>
 * <b>Keys.</b> Every entry lives at {@code <prefix>:<tenant>:<generation>:<cache>:<key>},
 * where the tenant is the one bound to the calling thread ({@link TenantContext}); a value
 * cached for one tenant is therefore never served to another. Without a tenant the
 * {@link TenantlessPolicy} decides: refuse (default) or use the
 * {@value #SHARED_NAMESPACE} namespace, which no tenant id can name.
 * <p>
 * <b>Invalidation.</b> {@link #invalidateTenant} increments the tenant's generation counter
 * ({@code <prefix>:<tenant>:gen}) in one command: every entry of the old generation becomes
 * unreachable at once and expires with its TTL (every entry has one). Generations are
 * trusted in memory for {@code generation-refresh} and pushed to other instances at once
 * when the near cache is on. A missing counter starts from the clock (microseconds), so a
 * counter lost to eviction or a restart never returns to an old generation.
 * {@link #invalidatePattern} walks the tenant's keys with SCAN (never KEYS) and deletes
 * them with UNLINK, in batches of {@code scan-batch-size}, so Redis is never blocked for
 * long.
 * <p>
 * <b>Redis unavailable.</b> Every Redis call goes through a {@link RedisCircuitBreaker}.
 * When Redis fails or is slow, reads answer "miss" (so {@link #getOrLoad} calls the loader),
 * writes are skipped, and after enough failures the circuit opens and Redis is left alone
 * until a trial call succeeds. Deletions that could not be made are remembered by tenant,
 * and those tenants' generations are bumped when Redis answers again, so no value that
 * should have been evicted comes back.
 * <p>
 * Thread-safe. Close it to stop the invalidation listener.
 */
public final class TenantCacheStore implements AutoCloseable {

	/** Namespace used without a tenant under {@link TenantlessPolicy#SHARED}. */
	public static final String SHARED_NAMESPACE = "_shared";

	/** Tenants whose lost invalidations are remembered one by one; past this, all are redone. */
	static final int MAX_PENDING_REPAIRS = 10_000;

	private static final Log logger = LogFactory.getLog(TenantCacheStore.class);

	private final TenantCacheSettings settings;

	private final CacheValueCodec codec;

	private final @Nullable String compressorName;

	private final RedisCircuitBreaker circuitBreaker;

	private final CacheStatistics statistics;

	private final List<CacheOperationListener> listeners = new CopyOnWriteArrayList<>();

	private final RedisGateway redis;

	private final TenantGenerations generations;

	private final Map<String, CompletableFuture<@Nullable Object>> loading = new ConcurrentHashMap<>();

	private final Set<String> pendingRepairs = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean repairEverything = new AtomicBoolean();

	private final @Nullable NearCache nearCache;

	private final @Nullable InvalidationBus bus;

	/**
	 * Create a store with Jackson serialization of the JDK's types only and zstd compression.
	 * @param connectionFactory where Redis is
	 * @param settings the settings
	 */
	public TenantCacheStore(RedisConnectionFactory connectionFactory, TenantCacheSettings settings) {
		this(connectionFactory, settings, CacheSerializers.jackson(List.of()), new ZstdCacheCompressor());
	}

	/**
	 * Create a store.
	 * @param connectionFactory where Redis is
	 * @param settings the settings
	 * @param serializer how values become bytes
	 * @param compressor the codec for values above the compression threshold, or
	 * {@code null} to never compress
	 */
	public TenantCacheStore(RedisConnectionFactory connectionFactory, TenantCacheSettings settings,
			RedisSerializer<Object> serializer, @Nullable CacheCompressor compressor) {
		Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.codec = new CacheValueCodec(serializer, compressor, settings.compressionThreshold());
		this.compressorName = (compressor != null) ? compressor.name() : null;
		this.circuitBreaker = new RedisCircuitBreaker(settings.circuitBreaker());
		this.statistics = new CacheStatistics(settings.maxTrackedTenants());
		this.redis = new RedisGateway(connectionFactory, this.circuitBreaker, this.statistics);
		this.generations = new TenantGenerations(this.redis, settings.keyPrefix(), settings.generationRefresh());
		this.circuitBreaker.addListener(this::onCircuitStateChange);
		if (settings.nearCache().enabled()) {
			if (!ClassUtils.isPresent("com.github.benmanes.caffeine.cache.Caffeine", getClass().getClassLoader())) {
				throw new DatabaseValidationException("The near cache needs Caffeine: add "
						+ "com.github.ben-manes.caffeine:caffeine to the class path, or turn the near cache off");
			}
			this.nearCache = new NearCache(settings.nearCache());
			this.bus = new InvalidationBus(connectionFactory, settings.keyPrefix() + ":invalidations",
					this::onInvalidation);
		}
		else {
			this.nearCache = null;
			this.bus = null;
		}
	}

	// ---- reads and writes

	/**
	 * Read an entry of the current tenant.
	 * @param cache the cache name
	 * @param key the key within the cache
	 * @return the value found, or {@code null} on a miss (or when Redis is unavailable)
	 * @throws MissingTenantException when no tenant is bound and the policy is FAIL
	 */
	public @Nullable CachedValue get(String cache, String key) {
		return get(cache, key, namespace());
	}

	private @Nullable CachedValue get(String cache, String key, String namespace) {
		checkCacheName(cache);
		long start = System.nanoTime();
		CacheStatistics.Counters counters = this.statistics.cache(cache);
		CacheStatistics.TenantCounters tenant = this.statistics.tenant(namespace);
		try {
			String fullKey = entryKey(namespace, this.generations.current(namespace, cache), cache, key);
			NearCache near = nearCacheIfUsable();
			if (near != null) {
				CachedValue found = near.get(fullKey);
				if (found != null) {
					counters.hits.increment();
					counters.nearHits.increment();
					tenant.hits.increment();
					fireGet(cache, ReadResult.NEAR_HIT, start);
					return found;
				}
			}
			long mark = (near != null) ? near.mark() : 0;
			byte[] frame = this.redis.execute(cache, true, (connection) -> connection.stringCommands().get(bytes(fullKey)));
			if (frame == null) {
				counters.misses.increment();
				tenant.misses.increment();
				fireGet(cache, ReadResult.MISS, start);
				return null;
			}
			Object value;
			try {
				value = this.codec.decode(frame);
			}
			catch (RuntimeException ex) {
				// A value this version cannot read (changed class, foreign writer): a miss, and gone.
				logger.warn("Dropping unreadable cache entry in cache '" + cache + "': " + ex);
				counters.errors.increment();
				counters.misses.increment();
				tenant.misses.increment();
				this.redis.tryExecute(cache, (connection) -> connection.keyCommands().unlink(bytes(fullKey)));
				fireGet(cache, ReadResult.MISS, start);
				return null;
			}
			if (near != null) {
				near.putIfUnchanged(fullKey, value, mark);
			}
			counters.hits.increment();
			tenant.hits.increment();
			fireGet(cache, ReadResult.HIT, start);
			return new CachedValue(value);
		}
		catch (RedisUnavailableException ex) {
			counters.misses.increment();
			tenant.misses.increment();
			fireGet(cache, ReadResult.UNAVAILABLE, start);
			return null;
		}
	}

	/**
	 * Write an entry of the current tenant. Skipped (and counted) when Redis is unavailable.
	 * @param cache the cache name
	 * @param key the key within the cache
	 * @param value the value ({@code null} is cached as null)
	 * @param ttl time to live, positive
	 * @return whether the value was written
	 */
	public boolean put(String cache, String key, @Nullable Object value, Duration ttl) {
		return write(cache, key, value, ttl, false, namespace());
	}

	/**
	 * Write an entry of the current tenant unless one exists.
	 * @param cache the cache name
	 * @param key the key within the cache
	 * @param value the value
	 * @param ttl time to live, positive
	 * @return whether the value was written (false when one existed or Redis is unavailable)
	 */
	public boolean putIfAbsent(String cache, String key, @Nullable Object value, Duration ttl) {
		return write(cache, key, value, ttl, true, namespace());
	}

	private boolean write(String cache, String key, @Nullable Object value, Duration ttl, boolean ifAbsent,
			String namespace) {
		checkCacheName(cache);
		TenantCacheSettings.positive("ttl", ttl);
		long start = System.nanoTime();
		CacheStatistics.Counters counters = this.statistics.cache(cache);
		CacheValueCodec.Encoded encoded = this.codec.encode(value);
		try {
			String fullKey = entryKey(namespace, this.generations.current(namespace, cache), cache, key);
			Boolean written = this.redis.execute(cache, true, (connection) -> connection.stringCommands()
				.set(bytes(fullKey), encoded.frame(), Expiration.from(ttl),
						ifAbsent ? SetOption.ifAbsent() : SetOption.upsert()));
			if (!Boolean.TRUE.equals(written)) {
				return false;
			}
			counters.puts.increment();
			this.statistics.tenant(namespace).puts.increment();
			counters.bytesBefore.add(encoded.serializedBytes());
			counters.bytesAfter.add(encoded.frame().length);
			if (encoded.compressed()) {
				counters.compressed.increment();
			}
			invalidateNear(cache, fullKey);
			long nanos = System.nanoTime() - start;
			this.listeners.forEach((l) -> l.onPut(cache, nanos));
			return true;
		}
		catch (RedisUnavailableException ex) {
			this.listeners.forEach((l) -> l.onPutSkipped(cache));
			return false;
		}
	}

	/**
	 * Return the current tenant's value, or compute it with the loader, cache it and return
	 * it. Concurrent calls for the same key in this JVM share one load. When Redis is
	 * unavailable the loader is called and its value returned without being cached.
	 * @param <T> the value type
	 * @param cache the cache name
	 * @param key the key within the cache
	 * @param ttl time to live of a loaded value
	 * @param cacheNull whether a {@code null} from the loader is cached
	 * @param loader computes the value
	 * @return the cached or loaded value
	 * @throws CacheLoaderException when the loader throws
	 */
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getOrLoad(String cache, String key, Duration ttl, boolean cacheNull,
			Callable<? extends @Nullable T> loader) {
		String namespace = namespace();
		CachedValue found = get(cache, key, namespace);
		if (found != null) {
			return (T) found.value();
		}
		String flight = namespace + '\u0000' + cache + '\u0000' + key;
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> running = this.loading.putIfAbsent(flight, mine);
		if (running != null) {
			try {
				return (T) running.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof CacheLoaderException loaderException) ? loaderException
						: new CacheLoaderException("Loading '" + key + "' of cache '" + cache + "' failed",
								ex.getCause());
			}
		}
		CacheStatistics.Counters counters = this.statistics.cache(cache);
		try {
			T value;
			try {
				value = loader.call();
			}
			catch (Exception ex) {
				counters.loadFailures.increment();
				CacheLoaderException failure = new CacheLoaderException(
						"Loading '" + key + "' of cache '" + cache + "' failed", ex);
				mine.completeExceptionally(failure);
				throw failure;
			}
			counters.loads.increment();
			if (value != null || cacheNull) {
				write(cache, key, value, ttl, false, namespace);
			}
			mine.complete(value);
			return value;
		}
		finally {
			this.loading.remove(flight, mine);
		}
	}

	/**
	 * Delete an entry of the current tenant. When Redis is unavailable the deletion is
	 * remembered and made good (by moving the tenant to a new generation) once it answers.
	 * @param cache the cache name
	 * @param key the key within the cache
	 * @return whether an entry was deleted now
	 */
	public boolean delete(String cache, String key) {
		checkCacheName(cache);
		String namespace = namespace();
		long start = System.nanoTime();
		try {
			String fullKey = entryKey(namespace, this.generations.current(namespace, cache), cache, key);
			Long removed = this.redis.execute(cache, true, (connection) -> connection.keyCommands().unlink(bytes(fullKey)));
			invalidateNear(cache, fullKey);
			long count = (removed != null) ? removed : 0;
			recordEvictions(cache, count, start);
			return count > 0;
		}
		catch (RedisUnavailableException ex) {
			rememberRepair(namespace);
			return false;
		}
	}

	/**
	 * Delete every entry of the current tenant in one cache whose key matches a Redis glob
	 * pattern ({@code user:*}), with SCAN and UNLINK in batches.
	 * @param cache the cache name
	 * @param pattern glob over the keys within the cache
	 * @return how many entries were deleted (0 when Redis is unavailable; the deletion is
	 * then made good once it answers)
	 */
	public long invalidatePattern(String cache, String pattern) {
		checkCacheName(cache);
		if (pattern == null || pattern.isEmpty()) {
			throw new IllegalArgumentException("pattern must not be empty");
		}
		String namespace = namespace();
		long start = System.nanoTime();
		try {
			String fullPattern = entryKey(namespace, this.generations.current(namespace, cache), cache, pattern);
			long count = scanAndUnlink(cache, fullPattern);
			if (this.nearCache != null) {
				this.nearCache.invalidateMatching(fullPattern);
				publish(cache, InvalidationBus.PATTERN, fullPattern);
			}
			recordEvictions(cache, count, start);
			return count;
		}
		catch (RedisUnavailableException ex) {
			rememberRepair(namespace);
			return 0;
		}
	}

	/**
	 * Delete every entry of the current tenant in one cache.
	 * @param cache the cache name
	 * @return how many entries were deleted
	 */
	public long invalidateCache(String cache) {
		return invalidatePattern(cache, "*");
	}

	/**
	 * Drop every cached entry of the current tenant, in all caches, in O(1).
	 * @return whether it was done now (otherwise it is done once Redis answers again)
	 */
	public boolean invalidateCurrentTenant() {
		return invalidateNamespace(namespace());
	}

	/**
	 * Drop every cached entry of a tenant, in all caches, in O(1): one INCR of its
	 * generation counter. Needs no tenant bound (an administrative operation).
	 * @param tenant the tenant
	 * @return whether it was done now (otherwise it is done once Redis answers again)
	 */
	public boolean invalidateTenant(TenantId tenant) {
		return invalidateNamespace(Objects.requireNonNull(tenant, "tenant").value());
	}

	private boolean invalidateNamespace(String namespace) {
		long start = System.nanoTime();
		try {
			bumpGeneration(namespace);
			recordEvictions("*", 1, start);
			return true;
		}
		catch (RedisUnavailableException ex) {
			rememberRepair(namespace);
			return false;
		}
	}

	private void bumpGeneration(String namespace) {
		long value = this.generations.bump(namespace);
		if (this.nearCache != null) {
			this.nearCache.invalidatePrefix(this.settings.keyPrefix() + ':' + namespace + ':');
			publish("*", InvalidationBus.TENANT, namespace + ' ' + value);
		}
	}

	// ---- Redis access

	private long scanAndUnlink(String cache, String fullPattern) {
		int batchSize = this.settings.scanBatchSize();
		ScanOptions options = ScanOptions.scanOptions().match(fullPattern).count(batchSize).build();
		Long deleted = this.redis.execute(cache, false, (connection) -> {
			long count = 0;
			List<byte[]> batch = new ArrayList<>(batchSize);
			try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
				while (cursor.hasNext()) {
					batch.add(cursor.next());
					if (batch.size() >= batchSize) {
						count += unlink(connection, batch);
					}
				}
			}
			if (!batch.isEmpty()) {
				count += unlink(connection, batch);
			}
			return count;
		});
		return (deleted != null) ? deleted : 0;
	}

	private static long unlink(RedisConnection connection, List<byte[]> batch) {
		Long removed = connection.keyCommands().unlink(batch.toArray(new byte[0][]));
		batch.clear();
		return (removed != null) ? removed : 0;
	}

	// ---- near cache, invalidation messages, recovery

	private @Nullable NearCache nearCacheIfUsable() {
		// While Redis is unreachable, so are other instances' invalidations: memory is not trusted.
		return (this.nearCache != null && this.circuitBreaker.state() == RedisCircuitBreaker.State.CLOSED)
				? this.nearCache : null;
	}

	private void invalidateNear(String cache, String fullKey) {
		if (this.nearCache != null) {
			this.nearCache.invalidate(fullKey);
			publish(cache, InvalidationBus.KEY, fullKey);
		}
	}

	private void publish(String cache, char kind, String payload) {
		InvalidationBus bus = this.bus;
		if (bus == null) {
			return;
		}
		byte[] channel = bytes(bus.channel());
		byte[] message = bus.encode(kind, payload);
		this.redis.tryExecute(cache, (connection) -> connection.publish(channel, message));
	}

	private void onInvalidation(InvalidationBus.Invalidation invalidation) {
		NearCache near = this.nearCache;
		if (near == null) {
			return;
		}
		switch (invalidation.kind()) {
			case InvalidationBus.KEY -> near.invalidate(invalidation.payload());
			case InvalidationBus.PATTERN -> near.invalidateMatching(invalidation.payload());
			case InvalidationBus.TENANT -> {
				String[] parts = invalidation.payload().split(" ", 2);
				if (parts.length == 2) {
					this.generations.advance(parts[0], Long.parseLong(parts[1]));
					near.invalidatePrefix(this.settings.keyPrefix() + ':' + parts[0] + ':');
				}
			}
			default -> logger.debug("Ignoring unknown cache invalidation message " + invalidation.kind());
		}
	}

	private void rememberRepair(String namespace) {
		if (this.pendingRepairs.size() >= MAX_PENDING_REPAIRS) {
			this.repairEverything.set(true);
		}
		else {
			this.pendingRepairs.add(namespace);
		}
	}

	private void onCircuitStateChange(RedisCircuitBreaker.State from, RedisCircuitBreaker.State to) {
		this.listeners.forEach((l) -> l.onCircuitState(to));
		if (to == RedisCircuitBreaker.State.OPEN) {
			// Generations may move while this instance cannot see them.
			this.generations.forget();
			if (this.nearCache != null) {
				this.nearCache.clear();
			}
		}
		else if (to == RedisCircuitBreaker.State.CLOSED
				&& (!this.pendingRepairs.isEmpty() || this.repairEverything.get())) {
			CompletableFuture.runAsync(this::repair);
		}
	}

	/**
	 * Make good the deletions that could not be made while Redis was unavailable: every
	 * affected tenant moves to a new generation. Runs by itself when the circuit closes.
	 */
	void repair() {
		if (this.repairEverything.getAndSet(false)) {
			this.pendingRepairs.clear();
			repairAll();
			return;
		}
		for (String namespace : List.copyOf(this.pendingRepairs)) {
			try {
				bumpGeneration(namespace);
				this.pendingRepairs.remove(namespace);
			}
			catch (RedisUnavailableException ex) {
				return;
			}
		}
		if (!this.pendingRepairs.isEmpty() || this.repairEverything.get()) {
			logger.debug("Cache repair incomplete; it continues when the circuit closes again");
		}
	}

	private void repairAll() {
		try {
			this.generations.namespaces(this.settings.scanBatchSize()).forEach(this::rememberRepair);
			repair();
		}
		catch (RedisUnavailableException ex) {
			this.repairEverything.set(true);
		}
	}

	// ---- keys

	private String namespace() {
		TenantId tenant = TenantContext.currentOrNull();
		if (tenant != null) {
			return tenant.value();
		}
		if (this.settings.tenantlessPolicy() == TenantlessPolicy.SHARED) {
			return SHARED_NAMESPACE;
		}
		throw new MissingTenantException("The tenant-aware cache needs a tenant, and none is bound to this thread; "
				+ "bind one with TenantContext.run(tenant, ...), or set dotmac.database.cache.without-tenant=shared "
				+ "to cache tenant-less work in a separate shared namespace");
	}

	private String entryKey(String namespace, long generation, String cache, String key) {
		return this.settings.keyPrefix() + ':' + namespace + ':' + generation + ':' + cache + ':' + key;
	}

	private static void checkCacheName(String cache) {
		TenantCacheSettings.segment("cache name", cache);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	// ---- statistics and listeners

	private void fireGet(String cache, ReadResult result, long start) {
		if (!this.listeners.isEmpty()) {
			long nanos = System.nanoTime() - start;
			this.listeners.forEach((l) -> l.onGet(cache, result, nanos));
		}
	}

	private void recordEvictions(String cache, long count, long start) {
		this.statistics.cache(cache).evictions.add(count);
		long nanos = System.nanoTime() - start;
		this.listeners.forEach((l) -> l.onEviction(cache, count, nanos));
	}

	/**
	 * Add a listener that hears every operation (for metrics).
	 * @param listener the listener
	 */
	public void addListener(CacheOperationListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * Return the statistics.
	 * @return the statistics, live
	 */
	public CacheStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Return the circuit breaker in front of Redis.
	 * @return the circuit breaker
	 */
	public RedisCircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Return the settings.
	 * @return the settings
	 */
	public TenantCacheSettings settings() {
		return this.settings;
	}

	/**
	 * Return the compression codec's name.
	 * @return the name, or {@code null} when values are never compressed
	 */
	public @Nullable String compressorName() {
		return this.compressorName;
	}

	/**
	 * Return how many entries the near cache holds.
	 * @return the estimated size, or -1 when there is no near cache
	 */
	public long nearCacheSize() {
		return (this.nearCache != null) ? this.nearCache.size() : -1;
	}

	/**
	 * Return how many tenants have invalidations waiting for Redis to answer.
	 * @return the count
	 */
	public int pendingRepairs() {
		return this.pendingRepairs.size() + (this.repairEverything.get() ? 1 : 0);
	}

	/**
	 * Stop the invalidation listener.
	 */
	@Override
	public void close() {
		if (this.bus != null) {
			this.bus.close();
		}
	}

}
