package io.dotmac.database.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

import io.dotmac.database.cache.CacheSerializers;
import io.dotmac.database.cache.TenantCacheSettings;
import io.dotmac.database.cache.TenantCacheStore;
import io.dotmac.database.cache.ZstdCacheCompressor;
import io.dotmac.database.embedded.EmbeddedRedisServer;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

/**
 * Issue 6's cache benchmark: the tenant cache ({@link TenantCacheStore}, with and without
 * its near cache) against Spring Data Redis's {@link RedisCacheManager}, on one embedded
 * Redis, in one process. Both serialize with the same Jackson serializer; rounds alternate
 * between the variants after a warm-up.
 */
final class CacheBenchmark {

	static final int ROUNDS = 7;

	static final int INVALIDATION_ROUNDS = 3;

	static final int THREADS = 4;

	static final int TENANTS = 10;

	static final int KEYS_PER_TENANT = 1_000;

	static final int HOT_KEYS = 16;

	static final Duration ROUND = Duration.ofSeconds(2);

	static final Duration TTL = Duration.ofHours(1);

	/** A cached customer as an application would cache it. */
	public record CustomerView(String id, String name, String email, String plan, long createdAt, int status) {

		static CustomerView of(int i) {
			return new CustomerView("c-" + i, "Customer " + i, "customer" + i + "@example.com", "fiber-1000",
					1_700_000_000_000L + i, 1);
		}

	}

	/** Throughput and latency of one variant, round by round. */
	record Rounds(List<Double> opsPerSecond, List<Double> p50Micros, List<Double> p99Micros) {

		Rounds() {
			this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		}

	}

	/**
	 * One timed invalidation, the slowest PING another client saw meanwhile, and the longest
	 * command Redis itself executed meanwhile (from its SLOWLOG, machine load excluded).
	 */
	record Invalidation(List<Double> millis, List<Double> probeMaxMillis, List<Double> serverMaxMillis) {

		Invalidation() {
			this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		}

	}

	private final EmbeddedRedisServer server;

	private final RedisSerializer<Object> serializer = CacheSerializers.jackson(List.of("io.dotmac.database.benchmarks"));

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	CacheBenchmark(EmbeddedRedisServer server) {
		this.server = server;
	}

	LettuceConnectionFactory factory(int database) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(this.server.host(),
				this.server.port());
		configuration.setDatabase(database);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration,
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(10)).build());
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return factory;
	}

	/**
	 * Lets Redis finish what a round left queued (asynchronous writes return before Redis has
	 * answered), so that the next round does not pay for it.
	 */
	private void drain() throws InterruptedException {
		for (LettuceConnectionFactory factory : this.factories) {
			try (RedisConnection connection = factory.getConnection()) {
				connection.ping();
			}
		}
		Thread.sleep(200);
	}

	/** Waits until a write sent after everything else through the async writer is visible. */
	private static void drainAsync(Cache cache) throws InterruptedException {
		String marker = "drain-" + System.nanoTime();
		cache.put("drain", marker);
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (!marker.equals(cache.get("drain", String.class)) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		Thread.sleep(200);
	}

	static String loadAverage() {
		try {
			String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (java.io.IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	void close() {
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	static TenantId tenant(int i) {
		return TenantId.of("tenant-" + i);
	}

	TenantCacheStore store(LettuceConnectionFactory factory, boolean near) {
		return new TenantCacheStore(factory,
				TenantCacheSettings.builder().nearCache(near).nearCacheMaximumSize(100_000).nearCacheTtl(
						Duration.ofMinutes(5)).build(),
				this.serializer, new ZstdCacheCompressor());
	}

	/**
	 * Spring Data Redis's cache manager. Its default writer (Spring Data Redis 4) sends puts
	 * and clears without waiting for Redis; {@code immediate} waits, as our cache does.
	 */
	RedisCacheManager redisCacheManager(LettuceConnectionFactory factory, boolean scan, boolean immediate) {
		RedisCacheWriter writer = RedisCacheWriter.create(factory, (configurer) -> configurer
			.batchStrategy(scan ? BatchStrategies.scan(500) : BatchStrategies.keys())
			.immediateWrites(immediate));
		RedisCacheManager manager = RedisCacheManager.builder(writer)
			.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
				.entryTtl(TTL)
				.serializeValuesWith(SerializationPair.fromSerializer(this.serializer)))
			.build();
		manager.initializeCaches();
		return manager;
	}

	// ---- throughput

	/** Per-thread operation; the thread's tenant is bound around the whole round. */
	@FunctionalInterface
	interface Op {

		void run(int tenant, ThreadLocalRandom random);

	}

	Map<String, Rounds> throughput(Map<String, Op> variants) throws InterruptedException {
		Map<String, Rounds> results = new LinkedHashMap<>();
		for (Map.Entry<String, Op> variant : variants.entrySet()) {
			results.put(variant.getKey(), new Rounds());
			round(variant.getValue(), ROUND, null);
		}
		List<String> names = new ArrayList<>(variants.keySet());
		for (int round = 0; round < ROUNDS; round++) {
			for (int i = 0; i < names.size(); i++) {
				String name = names.get((round + i) % names.size());
				round(variants.get(name), ROUND, results.get(name));
			}
		}
		return results;
	}

	private void round(Op op, Duration length, Rounds into) throws InterruptedException {
		long deadline = System.nanoTime() + length.toNanos();
		AtomicLong total = new AtomicLong();
		long[][] samples = new long[THREADS][];
		Thread[] threads = new Thread[THREADS];
		long start = System.nanoTime();
		for (int t = 0; t < THREADS; t++) {
			int index = t;
			threads[t] = new Thread(() -> TenantContext.run(tenant(index % TENANTS), () -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				long[] latencies = new long[1 << 16];
				int count = 0;
				long ops = 0;
				while (System.nanoTime() < deadline) {
					long begin = System.nanoTime();
					op.run(index % TENANTS, random);
					long nanos = System.nanoTime() - begin;
					latencies[count++ & (latencies.length - 1)] = nanos;
					ops++;
				}
				samples[index] = Arrays.copyOf(latencies, Math.min(count, latencies.length));
				total.addAndGet(ops);
			}));
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		drain();
		if (into != null) {
			long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).sorted().toArray();
			into.opsPerSecond().add(total.get() / seconds);
			into.p50Micros().add(all[all.length / 2] / 1e3);
			into.p99Micros().add(all[(int) (all.length * 0.99)] / 1e3);
		}
	}

	// ---- invalidation

	/** Writes keys with MSET in chunks: key i of the given layout, all with the same value. */
	static void fill(LettuceConnectionFactory factory, IntFunction<String> key, int count, byte[] value) {
		try (RedisConnection connection = factory.getConnection()) {
			Map<byte[], byte[]> chunk = new HashMap<>();
			for (int i = 0; i < count; i++) {
				chunk.put(key.apply(i).getBytes(StandardCharsets.UTF_8), value);
				if (chunk.size() == 1_000 || i == count - 1) {
					connection.stringCommands().mSet(chunk);
					chunk.clear();
				}
			}
		}
	}

	static void flush(LettuceConnectionFactory factory) {
		try (RedisConnection connection = factory.getConnection()) {
			connection.serverCommands().flushDb();
		}
	}

	static long size(LettuceConnectionFactory factory) {
		try (RedisConnection connection = factory.getConnection()) {
			return connection.serverCommands().dbSize();
		}
	}

	/** The generation the store uses for a tenant (seeded by one write). */
	static String generation(LettuceConnectionFactory factory, TenantCacheStore store, TenantId tenant) {
		TenantContext.run(tenant, () -> store.put("items", "seed", CustomerView.of(0), TTL));
		try (RedisConnection connection = factory.getConnection()) {
			return new String(connection.stringCommands().get(("dmc:" + tenant + ":gen").getBytes(StandardCharsets.UTF_8)),
					StandardCharsets.UTF_8);
		}
	}

	byte[] frame() {
		byte[] json = this.serializer.serialize(CustomerView.of(1));
		byte[] frame = new byte[json.length + 1];
		System.arraycopy(json, 0, frame, 1, json.length);
		return frame;
	}

	byte[] json() {
		return this.serializer.serialize(CustomerView.of(1));
	}

	/**
	 * Runs the action while a second client PINGs in a loop; returns {duration ms, slowest
	 * PING ms, longest command in Redis's SLOWLOG ms}.
	 */
	static double[] probed(LettuceConnectionFactory probeFactory, Runnable action) throws InterruptedException {
		slowlog(probeFactory, true);
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong slowest = new AtomicLong();
		Thread probe = new Thread(() -> {
			try (RedisConnection connection = probeFactory.getConnection()) {
				while (!stop.get()) {
					long begin = System.nanoTime();
					connection.ping();
					slowest.accumulateAndGet(System.nanoTime() - begin, Math::max);
				}
			}
		});
		probe.start();
		Thread.sleep(50);
		long begin = System.nanoTime();
		action.run();
		double millis = (System.nanoTime() - begin) / 1e6;
		Thread.sleep(50);
		stop.set(true);
		probe.join();
		return new double[] { millis, slowest.get() / 1e6, slowlog(probeFactory, false) / 1e3 };
	}

	/** Logs every command from now on ({@code reset}), or returns the longest logged, in µs. */
	@SuppressWarnings("unchecked")
	static long slowlog(LettuceConnectionFactory factory, boolean reset) {
		try (RedisConnection connection = factory.getConnection()) {
			io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<byte[], byte[]> commands = (io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			if (reset) {
				connection.serverCommands().setConfig("slowlog-log-slower-than", "0");
				connection.serverCommands().setConfig("slowlog-max-len", "1000000");
				commands.slowlogReset().get();
				return 0;
			}
			long longest = 0;
			for (Object entry : commands.slowlogGet(1_000_000).get()) {
				List<Object> fields = (List<Object>) entry;
				List<Object> arguments = (List<Object>) fields.get(3);
				String command = new String((byte[]) arguments.get(0), StandardCharsets.UTF_8);
				if (!command.equalsIgnoreCase("SLOWLOG") && !command.equalsIgnoreCase("CONFIG")) {
					longest = Math.max(longest, (Long) fields.get(2));
				}
			}
			connection.serverCommands().setConfig("slowlog-log-slower-than", "10000");
			return longest;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Runs every part, appends the section to docs/benchmarks.md and prints the JSON line. */
	static void run(java.nio.file.Path root) throws Exception {
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start()) {
			CacheBenchmark bench = new CacheBenchmark(server);
			try {
				bench.runAll(root);
			}
			finally {
				bench.close();
			}
		}
	}

	private void runAll(java.nio.file.Path root) throws Exception {
		String loadBefore = loadAverage();
		String redisVersion;
		LettuceConnectionFactory ours = factory(1);
		LettuceConnectionFactory theirs = factory(2);
		LettuceConnectionFactory probe = factory(0);
		try (RedisConnection connection = probe.getConnection()) {
			redisVersion = String.valueOf(connection.serverCommands().info("server").getProperty("redis_version"));
		}
		flush(ours);
		flush(theirs);
		TenantCacheStore plain = store(ours, false);
		TenantCacheStore near = store(ours, true);
		Cache rcm = redisCacheManager(theirs, false, false).getCache("customers");
		Cache rcmImmediate = redisCacheManager(theirs, false, true).getCache("customers");

		System.out.println("== populating " + TENANTS + " tenants x " + KEYS_PER_TENANT + " keys for each variant");
		for (int t = 0; t < TENANTS; t++) {
			int tenant = t;
			TenantContext.run(tenant(t), () -> {
				for (int i = 0; i < KEYS_PER_TENANT; i++) {
					plain.put("customers", Integer.toString(i), CustomerView.of(i), TTL);
					rcm.put(tenant + ":" + i, CustomerView.of(i));
				}
			});
		}

		System.out.println("== hits, uniform over " + (TENANTS * KEYS_PER_TENANT) + " keys, " + THREADS + " threads");
		Map<String, Op> hits = new LinkedHashMap<>();
		hits.put("RedisCacheManager", (tenant, random) -> rcm.get(tenant + ":" + random.nextInt(KEYS_PER_TENANT)));
		hits.put("dotmac", (tenant, random) -> plain.get("customers", Integer.toString(random.nextInt(KEYS_PER_TENANT))));
		Map<String, Rounds> hitRounds = throughput(hits);

		System.out.println("== puts");
		Map<String, Op> puts = new LinkedHashMap<>();
		puts.put("RedisCacheManager",
				(tenant, random) -> rcmImmediate.put(tenant + ":" + random.nextInt(KEYS_PER_TENANT), CustomerView.of(7)));
		puts.put("dotmac", (tenant, random) -> plain.put("customers", Integer.toString(random.nextInt(KEYS_PER_TENANT)),
				CustomerView.of(7), TTL));
		Map<String, Rounds> putRounds = throughput(puts);
		// Spring Data Redis 4's default writer returns before Redis has answered and leaves a queue
		// behind, which would slow whichever round came next: measured on its own, then drained.
		Map<String, Op> asyncPuts = new LinkedHashMap<>();
		asyncPuts.put("RedisCacheManager (async writes)",
				(tenant, random) -> rcm.put(tenant + ":" + random.nextInt(KEYS_PER_TENANT), CustomerView.of(7)));
		Map<String, Rounds> asyncPutRounds = throughput(asyncPuts);
		drainAsync(rcm);

		System.out.println("== hot keys (" + HOT_KEYS + " per tenant)");
		Map<String, Op> hot = new LinkedHashMap<>();
		hot.put("RedisCacheManager", (tenant, random) -> rcm.get(tenant + ":" + random.nextInt(HOT_KEYS)));
		hot.put("dotmac", (tenant, random) -> plain.get("customers", Integer.toString(random.nextInt(HOT_KEYS))));
		hot.put("dotmac+near", (tenant, random) -> near.get("customers", Integer.toString(random.nextInt(HOT_KEYS))));
		Map<String, Rounds> hotRounds = throughput(hot);
		near.close();

		plain.close();

		System.out.println("== invalidating one tenant among 100,000 keys");
		Map<String, Invalidation> tenantInvalidation = tenantInvalidation(ours, theirs, probe);

		System.out.println("== pattern invalidation of 50,000 of 100,000 keys, with a PING probe");
		Map<String, Invalidation> patternInvalidation = patternInvalidation(ours, theirs, probe);

		String body = report(redisVersion, hitRounds, putRounds, asyncPutRounds, hotRounds, tenantInvalidation,
				patternInvalidation)
				+ "\nLoad average (1, 5, 15 min) at the start: " + loadBefore + "; at the end: " + loadAverage() + ".\n";
		System.out.println(body);
		new Report(root).appendSection("Tenant cache (issue 6)", body);
		System.out.println(json(hitRounds, putRounds, hotRounds, tenantInvalidation, patternInvalidation));
	}

	private Map<String, Invalidation> tenantInvalidation(LettuceConnectionFactory ours, LettuceConnectionFactory theirs,
			LettuceConnectionFactory probe) throws InterruptedException {
		flush(ours);
		flush(theirs);
		// A store that has not seen the flushed generations yet.
		TenantCacheStore store = store(ours, false);
		byte[] frame = frame();
		byte[] json = json();
		RedisCacheManager keys = redisCacheManager(theirs, false, true);
		RedisCacheManager scan = redisCacheManager(theirs, true, true);
		for (int t = 0; t < 100; t++) {
			TenantId tenant = tenant(t);
			String prefix = "dmc:" + tenant + ":" + generation(ours, store, tenant) + ":items:";
			fill(ours, (i) -> prefix + i, KEYS_PER_TENANT, frame);
			fill(theirs, (i) -> tenant + "-items::" + i, KEYS_PER_TENANT, json);
		}
		System.out.println("   keys: ours " + size(ours) + ", RedisCacheManager " + size(theirs));
		Map<String, Invalidation> results = new LinkedHashMap<>();
		for (String name : List.of("RedisCacheManager (KEYS)", "RedisCacheManager (SCAN 500)", "dotmac tenant (INCR)",
				"dotmac pattern (SCAN+UNLINK)")) {
			results.put(name, new Invalidation());
		}
		for (int round = 0; round < INVALIDATION_ROUNDS; round++) {
			TenantId tenant = tenant(42 + round);
			String cacheName = tenant + "-items";
			record(results.get("RedisCacheManager (KEYS)"), probed(probe, () -> keys.getCache(cacheName).clear()));
			fill(theirs, (i) -> cacheName + "::" + i, KEYS_PER_TENANT, json);
			record(results.get("RedisCacheManager (SCAN 500)"), probed(probe, () -> scan.getCache(cacheName).clear()));
			record(results.get("dotmac tenant (INCR)"), probed(probe, () -> store.invalidateTenant(tenant)));
			TenantId other = tenant(60 + round);
			record(results.get("dotmac pattern (SCAN+UNLINK)"),
					probed(probe, () -> TenantContext.run(other, () -> store.invalidatePattern("items", "*"))));
		}
		store.close();
		return results;
	}

	private Map<String, Invalidation> patternInvalidation(LettuceConnectionFactory ours,
			LettuceConnectionFactory theirs, LettuceConnectionFactory probe) throws InterruptedException {
		byte[] frame = frame();
		byte[] json = json();
		RedisCacheManager keys = redisCacheManager(theirs, false, true);
		RedisCacheManager scan = redisCacheManager(theirs, true, true);
		TenantId big = TenantId.of("big");
		Map<String, Invalidation> results = new LinkedHashMap<>();
		for (String name : List.of("idle (no invalidation)", "RedisCacheManager (KEYS)", "RedisCacheManager (SCAN 500)",
				"dotmac pattern (SCAN+UNLINK)")) {
			results.put(name, new Invalidation());
		}
		for (int round = 0; round < INVALIDATION_ROUNDS; round++) {
			flush(ours);
			flush(theirs);
			TenantCacheStore store = store(ours, false);
			for (int t = 0; t < 50; t++) {
				TenantId tenant = tenant(t);
				String prefix = "dmc:" + tenant + ":" + generation(ours, store, tenant) + ":items:";
				fill(ours, (i) -> prefix + i, KEYS_PER_TENANT, frame);
				fill(theirs, (i) -> tenant + "-items::" + i, KEYS_PER_TENANT, json);
			}
			String bigPrefix = "dmc:big:" + generation(ours, store, big) + ":items:";
			fill(ours, (i) -> bigPrefix + i, 50_000, frame);
			fill(theirs, (i) -> "big-items::" + i, 50_000, json);
			record(results.get("idle (no invalidation)"), probed(probe, () -> sleep(100)));
			record(results.get("RedisCacheManager (KEYS)"), probed(probe, () -> keys.getCache("big-items").clear()));
			fill(theirs, (i) -> "big-items::" + i, 50_000, json);
			record(results.get("RedisCacheManager (SCAN 500)"),
					probed(probe, () -> scan.getCache("big-items").clear()));
			record(results.get("dotmac pattern (SCAN+UNLINK)"),
					probed(probe, () -> TenantContext.run(big, () -> store.invalidatePattern("items", "*"))));
			store.close();
		}
		return results;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void record(Invalidation into, double[] measured) {
		into.millis().add(measured[0]);
		into.probeMaxMillis().add(measured[1]);
		into.serverMaxMillis().add(measured[2]);
	}

	// ---- output

	private static String report(String redisVersion, Map<String, Rounds> hits, Map<String, Rounds> puts,
			Map<String, Rounds> asyncPuts, Map<String, Rounds> hot, Map<String, Invalidation> tenant, Map<String, Invalidation> pattern) {
		StringBuilder out = new StringBuilder();
		out.append("Command: `mvn -B -pl benchmarks -am verify -DskipTests -Dbenchmark=cache`  \n");
		out.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
			.append(System.getProperty("java.version")).append(", Redis ").append(redisVersion)
			.append(" (embedded, loopback)  \n");
		out.append("Alternative: Spring Data Redis `RedisCacheManager` (non-locking writer; clears wait for Redis), same ")
			.append("Lettuce settings, ")
			.append("same Jackson 3 serializer, same Redis. ").append(THREADS).append(" threads, ").append(ROUNDS)
			.append(" rounds of ").append(ROUND.toSeconds())
			.append(" s per variant after a warm-up, alternating; median (lowest–highest). ")
			.append("Latencies are per-round percentiles over every operation, median of the rounds.\n\n");
		out.append("Reads that hit, uniform over ").append(TENANTS * KEYS_PER_TENANT).append(" keys (").append(TENANTS)
			.append(" tenants):\n\n").append(throughputTable(hits, "RedisCacheManager"));
		Rounds async = asyncPuts.values().iterator().next();
		out.append("\nPuts; `RedisCacheManager` waits for Redis's answer like ours (`immediateWrites()`):\n\n")
			.append(throughputTable(puts, "RedisCacheManager"))
			.append("\nSpring Data Redis 4's default writer returns before Redis has answered (its latency is not a ")
			.append("round trip, and a write may still be lost); measured in its own rounds, not alternated: ")
			.append(Stats.of(async.opsPerSecond()).format("ops/s")).append(", p50 ")
			.append(String.format("%.1f", Stats.of(async.p50Micros()).median())).append(" µs, p99 ")
			.append(String.format("%.1f", Stats.of(async.p99Micros()).median())).append(" µs.\n");
		out.append("\nHot keys (").append(HOT_KEYS).append(" per tenant); `dotmac+near` has the Caffeine near cache on ")
			.append("(goal: ≥ 10× RedisCacheManager):\n\n").append(throughputTable(hot, "RedisCacheManager"));
		out.append("\nInvalidating one tenant's 1,000 keys among 100,000 (100 tenants); `RedisCacheManager` clears a ")
			.append("per-tenant cache; `dotmac tenant` is the O(1) generation bump; `dotmac pattern` walks the whole ")
			.append("keyspace with SCAN:\n\n").append(invalidationTable(tenant));
		out.append("\nDeleting 50,000 of 100,000 keys while a second client PINGs in a loop (slowest PING = longest ")
			.append("time Redis was unavailable to others, machine load included; `idle` is the probe alone; the ")
			.append("longest Redis command is the largest duration in Redis's SLOWLOG meanwhile, what Redis itself spent ")
			.append("on one command):\n\n")
			.append(invalidationTable(pattern));
		return out.toString();
	}

	private static String throughputTable(Map<String, Rounds> rounds, String floor) {
		StringBuilder out = new StringBuilder(
				"| variant | ops/s | p50 µs | p99 µs | vs " + floor + " |\n|---|---|---|---|---|\n");
		rounds.forEach((name, r) -> out.append("| ").append(name).append(" | ")
			.append(Stats.of(r.opsPerSecond()).format(""))
			.append(" | ")
			.append(String.format("%.1f", Stats.of(r.p50Micros()).median()))
			.append(" | ")
			.append(String.format("%.1f", Stats.of(r.p99Micros()).median()))
			.append(" | ")
			.append(String.format("%.2f×",
					Stats.pairwiseRatios(r.opsPerSecond(), rounds.get(floor).opsPerSecond()).median()))
			.append(" |\n"));
		return out.toString();
	}

	private static String invalidationTable(Map<String, Invalidation> results) {
		StringBuilder out = new StringBuilder(
				"| variant | duration ms | slowest PING ms | longest Redis command ms |\n|---|---|---|---|\n");
		results.forEach((name, r) -> out.append("| ").append(name).append(" | ")
			.append(millis(Stats.of(r.millis())))
			.append(" | ")
			.append(millis(Stats.of(r.probeMaxMillis())))
			.append(" | ")
			.append(millis(Stats.of(r.serverMaxMillis())))
			.append(" |\n"));
		return out.toString();
	}

	private static String millis(Stats stats) {
		return String.format("%.2f (%.2f–%.2f)", stats.median(), stats.min(), stats.max());
	}

	private static String json(Map<String, Rounds> hits, Map<String, Rounds> puts, Map<String, Rounds> hot,
			Map<String, Invalidation> tenant, Map<String, Invalidation> pattern) {
		StringBuilder out = new StringBuilder("{\"benchmark\":\"cache\"");
		out.append(",\"hit_ops\":").append(opsJson(hits)).append(",\"put_ops\":").append(opsJson(puts));
		out.append(",\"put_ratio_vs_rcm\":").append(String.format("%.3f",
				Stats.pairwiseRatios(puts.get("dotmac").opsPerSecond(), puts.get("RedisCacheManager").opsPerSecond())
					.median()));
		out.append(",\"hit_ratio_vs_rcm\":").append(String.format("%.3f",
				Stats.pairwiseRatios(hits.get("dotmac").opsPerSecond(), hits.get("RedisCacheManager").opsPerSecond())
					.median()));
		out.append(",\"hot_ops\":").append(opsJson(hot));
		out.append(",\"hot_ratio_near_vs_rcm\":").append(String.format("%.2f",
				Stats.pairwiseRatios(hot.get("dotmac+near").opsPerSecond(), hot.get("RedisCacheManager").opsPerSecond())
					.median()));
		out.append(",\"tenant_invalidation_ms\":").append(invalidationJson(tenant, false));
		out.append(",\"pattern_invalidation_ms\":").append(invalidationJson(pattern, false));
		out.append(",\"pattern_invalidation_probe_max_ms\":").append(invalidationJson(pattern, true));
		out.append(",\"pattern_invalidation_longest_command_ms\":").append(serverJson(pattern));
		return out.append('}').toString();
	}

	private static String opsJson(Map<String, Rounds> rounds) {
		List<String> parts = new ArrayList<>();
		rounds.forEach((name, r) -> parts
			.add("\"" + name + "\":" + String.format("%.0f", Stats.of(r.opsPerSecond()).median())));
		return "{" + String.join(",", parts) + "}";
	}

	private static String serverJson(Map<String, Invalidation> results) {
		List<String> parts = new ArrayList<>();
		results.forEach((name, r) -> parts
			.add("\"" + name + "\":" + String.format("%.3f", Stats.of(r.serverMaxMillis()).median())));
		return "{" + String.join(",", parts) + "}";
	}

	private static String invalidationJson(Map<String, Invalidation> results, boolean probe) {
		List<String> parts = new ArrayList<>();
		results.forEach((name, r) -> parts.add("\"" + name + "\":"
				+ String.format("%.3f", Stats.of(probe ? r.probeMaxMillis() : r.millis()).median())));
		return "{" + String.join(",", parts) + "}";
	}

}
