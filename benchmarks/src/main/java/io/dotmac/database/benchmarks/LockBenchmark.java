package io.dotmac.database.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.dotmac.database.embedded.EmbeddedPostgresServer;
import io.dotmac.database.embedded.EmbeddedRedisServer;
import io.dotmac.database.embedded.PostgresAdmin;
import io.dotmac.database.lock.AdvisoryLockScope;
import io.dotmac.database.lock.DistributedLock;
import io.dotmac.database.lock.LockSettings;
import io.dotmac.database.lock.PostgresAdvisoryLocks;
import io.dotmac.database.lock.RedisDistributedLocks;

/**
 * Issue 6's lock benchmark: our Redis and PostgreSQL locks against Spring Integration's
 * {@code RedisLockRegistry} (pub/sub mode) and {@code JdbcLockRegistry}, and ShedLock's Redis and
 * JdbcTemplate providers where a measurement fits them (ShedLock never waits, so it has no
 * hand-off or contention figure). Every "process" is a provider instance with its own Redis
 * connection or connection pool; rounds alternate between variants after a warm-up.
 * <ul>
 * <li>acquire + release: one thread, try-lock without waiting and release, on a free lock;</li>
 * <li>hand-off: a waiter blocked in a timed try-lock on a second instance; the time from the
 * holder's release call to the waiter holding the lock;</li>
 * <li>contention: four instances, one thread each, taking one lock in turn; critical sections
 * per second.</li>
 * </ul>
 */
final class LockBenchmark {

	private static final int ROUNDS = 5;

	private static final int LATENCY_OPS = 500;

	private static final int HANDOFFS = 20;

	private static final Duration CONTENTION_WINDOW = Duration.ofSeconds(2);

	private static final int CONTENDERS = 4;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final LettuceConnectionFactory[] redisFactories;

	private final Supplier<DataSource> pools;

	private LockBenchmark(Supplier<LettuceConnectionFactory> redis, Supplier<DataSource> pools) {
		this.redisFactories = new LettuceConnectionFactory[CONTENDERS];
		for (int i = 0; i < CONTENDERS; i++) {
			this.redisFactories[i] = redis.get();
		}
		this.pools = pools;
	}

	/** A way to take a named lock; one instance stands for one process. */
	interface Locker {

		/** @return a release action, or {@code null} if the lock was not acquired */
		Runnable tryLock(String name, Duration wait) throws Exception;

	}

	/** A named variant that can make "process" instances. */
	record Variant(String name, String backend, boolean waits, java.util.function.IntFunction<Locker> instance) {

	}

	static void run(Path root) throws Exception {
		try (EmbeddedRedisServer redis = EmbeddedRedisServer.start();
				EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
			PostgresAdmin admin = new PostgresAdmin(postgres);
			admin.createOrdinaryRole("bench_locks", "bench");
			admin.createDatabase("bench_locks", "bench_locks");
			LockBenchmark benchmark = new LockBenchmark(() -> redisFactory(redis), () -> pool(postgres));
			try {
				String versions = versions(benchmark.redisFactories[0], benchmark.pools.get());
				List<Variant> variants = benchmark.variants();
				System.out.println("== Locks: acquire + release (1 thread), hand-off to a waiter, contention ("
						+ CONTENDERS + " instances); " + ROUNDS + " rounds");
				Map<String, List<Double>> latency = benchmark.latency(variants);
				Map<String, List<Double>> handoff = benchmark.handoff(variants);
				Map<String, List<Double>> contention = benchmark.contention(variants);
				String body = report(versions, variants, latency, handoff, contention);
				System.out.println(body);
				new Report(root).appendSection("Distributed locks (issue 6)", body);
				System.out.println(json(variants, latency, handoff, contention));
			}
			finally {
				benchmark.close();
			}
		}
	}

	private List<Variant> variants() throws Exception {
		List<Variant> variants = new ArrayList<>();
		variants.add(new Variant("dotmac-redis", "redis", true, (i) -> {
			RedisDistributedLocks locks = track(new RedisDistributedLocks(this.redisFactories[i],
					LockSettings.defaults().withNamespace("bench")));
			return (name, wait) -> release(locks.tryLock(name, wait));
		}));
		variants.add(new Variant("spring-integration-redis", "redis", true, (i) -> {
			RedisLockRegistry registry = new RedisLockRegistry(this.redisFactories[i], "bench-si", 30_000);
			registry.setRedisLockType(RedisLockRegistry.RedisLockType.PUB_SUB_LOCK);
			track(registry::destroy);
			return (name, wait) -> unlockable(registry.obtain(name), wait);
		}));
		variants.add(new Variant("shedlock-redis", "redis", false, (i) -> {
			LockProvider provider = new RedisLockProvider(this.redisFactories[i], "bench-shedlock");
			return (name, wait) -> simpleLock(provider, name);
		}));
		DataSource setup = this.pools.get();
		try (Connection connection = setup.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS int_lock (lock_key CHAR(36) NOT NULL, region VARCHAR(100) NOT NULL, "
					+ "client_id CHAR(36), created_date TIMESTAMP NOT NULL, expired_after TIMESTAMP NOT NULL, "
					+ "CONSTRAINT int_lock_pk PRIMARY KEY (lock_key, region))");
			statement.execute("CREATE TABLE IF NOT EXISTS shedlock (name VARCHAR(64) NOT NULL, lock_until TIMESTAMP NOT NULL, "
					+ "locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL, PRIMARY KEY (name))");
		}
		DataSource[] pools = new DataSource[CONTENDERS];
		for (int i = 0; i < CONTENDERS; i++) {
			pools[i] = this.pools.get();
		}
		variants.add(new Variant("dotmac-postgresql", "postgresql", true, (i) -> {
			PostgresAdvisoryLocks locks = new PostgresAdvisoryLocks(pools[i], LockSettings.defaults().withNamespace("bench"),
					AdvisoryLockScope.TRANSACTION);
			return (name, wait) -> release(locks.tryLock(name, wait));
		}));
		variants.add(new Variant("spring-integration-jdbc", "postgresql", true, (i) -> {
			DefaultLockRepository repository = new DefaultLockRepository(pools[i]);
			repository.setTransactionManager(new DataSourceTransactionManager(pools[i]));
			repository.afterPropertiesSet();
			repository.afterSingletonsInstantiated();
			repository.start();
			JdbcLockRegistry registry = new JdbcLockRegistry(repository);
			return (name, wait) -> unlockable(registry.obtain(name), wait);
		}));
		variants.add(new Variant("shedlock-jdbc", "postgresql", false, (i) -> {
			LockProvider provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
				.withJdbcTemplate(new JdbcTemplate(pools[i]))
				.withTransactionManager(new DataSourceTransactionManager(pools[i]))
				.usingDbTime()
				.build());
			return (name, wait) -> simpleLock(provider, name);
		}));
		return variants;
	}

	/** Single-thread acquire + release of a free lock, µs per pair. */
	private Map<String, List<Double>> latency(List<Variant> variants) throws Exception {
		Map<String, Locker> lockers = new LinkedHashMap<>();
		for (Variant variant : variants) {
			lockers.put(variant.name(), variant.instance().apply(0));
		}
		Map<String, List<Double>> rounds = new LinkedHashMap<>();
		for (int round = -1; round < ROUNDS; round++) {
			for (Variant variant : rotate(variants, round)) {
				Locker locker = lockers.get(variant.name());
				long start = System.nanoTime();
				for (int i = 0; i < LATENCY_OPS; i++) {
					Runnable release = locker.tryLock("latency", Duration.ZERO);
					if (release == null) {
						throw new IllegalStateException(variant.name() + " did not get a free lock");
					}
					release.run();
				}
				double micros = (System.nanoTime() - start) / 1000.0 / LATENCY_OPS;
				if (round >= 0) {
					rounds.computeIfAbsent(variant.name(), (k) -> new ArrayList<>()).add(micros);
				}
			}
		}
		return rounds;
	}

	/** Release-to-acquired time of a waiter on a second instance, µs (median of each round's hand-offs). */
	private Map<String, List<Double>> handoff(List<Variant> variants) throws Exception {
		ExecutorService waiterThread = Executors.newSingleThreadExecutor();
		Map<String, List<Double>> rounds = new LinkedHashMap<>();
		try {
			List<Variant> waiting = variants.stream().filter(Variant::waits).toList();
			Map<String, Locker[]> lockers = new LinkedHashMap<>();
			for (Variant variant : waiting) {
				lockers.put(variant.name(), new Locker[] { variant.instance().apply(0), variant.instance().apply(1) });
			}
			for (int round = -1; round < ROUNDS; round++) {
				for (Variant variant : rotate(waiting, round)) {
					Locker holder = lockers.get(variant.name())[0];
					Locker waiter = lockers.get(variant.name())[1];
					List<Double> samples = new ArrayList<>();
					for (int i = 0; i < HANDOFFS; i++) {
						Runnable release = holder.tryLock("handoff", Duration.ZERO);
						CountDownLatch started = new CountDownLatch(1);
						Future<Long> acquiredAt = waiterThread.submit(() -> {
							started.countDown();
							Runnable mine = waiter.tryLock("handoff", Duration.ofSeconds(10));
							long at = System.nanoTime();
							if (mine == null) {
								throw new IllegalStateException(variant.name() + ": the waiter did not get the lock");
							}
							mine.run();
							return at;
						});
						started.await();
						Thread.sleep(30);
						long releasedAt = System.nanoTime();
						release.run();
						samples.add((acquiredAt.get(30, TimeUnit.SECONDS) - releasedAt) / 1000.0);
					}
					if (round >= 0) {
						rounds.computeIfAbsent(variant.name(), (k) -> new ArrayList<>()).add(Stats.of(samples).median());
					}
				}
			}
		}
		finally {
			waiterThread.shutdownNow();
		}
		return rounds;
	}

	/** Critical sections per second with {@value #CONTENDERS} instances taking one lock in turn. */
	private Map<String, List<Double>> contention(List<Variant> variants) throws Exception {
		List<Variant> waiting = variants.stream().filter(Variant::waits).toList();
		Map<String, List<Locker>> lockers = new LinkedHashMap<>();
		for (Variant variant : waiting) {
			List<Locker> instances = new ArrayList<>();
			for (int i = 0; i < CONTENDERS; i++) {
				instances.add(variant.instance().apply(i));
			}
			lockers.put(variant.name(), instances);
		}
		ExecutorService threads = Executors.newFixedThreadPool(CONTENDERS);
		Map<String, List<Double>> rounds = new LinkedHashMap<>();
		try {
			for (int round = -1; round < ROUNDS; round++) {
				for (Variant variant : rotate(waiting, round)) {
					AtomicBoolean stop = new AtomicBoolean();
					AtomicLong sections = new AtomicLong();
					List<Future<?>> futures = new ArrayList<>();
					for (Locker locker : lockers.get(variant.name())) {
						futures.add(threads.submit(() -> {
							while (!stop.get()) {
								Runnable release = locker.tryLock("contended", Duration.ofSeconds(5));
								if (release != null) {
									sections.incrementAndGet();
									release.run();
								}
							}
							return null;
						}));
					}
					long start = System.nanoTime();
					Thread.sleep(CONTENTION_WINDOW.toMillis());
					long counted = sections.get();
					double seconds = (System.nanoTime() - start) / 1e9;
					stop.set(true);
					for (Future<?> future : futures) {
						future.get(60, TimeUnit.SECONDS);
					}
					if (round >= 0) {
						rounds.computeIfAbsent(variant.name(), (k) -> new ArrayList<>()).add(counted / seconds);
					}
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
		return rounds;
	}

	private static List<Variant> rotate(List<Variant> variants, int round) {
		List<Variant> order = new ArrayList<>(variants);
		java.util.Collections.rotate(order, Math.max(round, 0));
		return order;
	}

	private static Runnable release(DistributedLock lock) {
		return lock.acquired() ? lock::close : null;
	}

	private static Runnable unlockable(Lock lock, Duration wait) throws InterruptedException {
		return lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS) ? lock::unlock : null;
	}

	private static Runnable simpleLock(LockProvider provider, String name) {
		Optional<SimpleLock> lock = provider.lock(new LockConfiguration(Instant.now(), name, Duration.ofSeconds(30),
				Duration.ZERO));
		return lock.<Runnable>map((held) -> held::unlock).orElse(null);
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	private void close() {
		for (AutoCloseable resource : this.resources) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				// Best effort at the end of the run.
			}
		}
		for (LettuceConnectionFactory factory : this.redisFactories) {
			factory.destroy();
		}
	}

	private static LettuceConnectionFactory redisFactory(EmbeddedRedisServer redis) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static DataSource pool(EmbeddedPostgresServer postgres) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(postgres.jdbcUrl("bench_locks"));
		config.setUsername("bench_locks");
		config.setPassword("bench");
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(1);
		return new HikariDataSource(config);
	}

	private static String versions(LettuceConnectionFactory redis, DataSource postgres) throws Exception {
		String redisVersion;
		try (var connection = redis.getConnection()) {
			redisVersion = String.valueOf(connection.serverCommands().info("server").getProperty("redis_version"));
		}
		try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW server_version")) {
			result.next();
			return "PostgreSQL " + result.getString(1) + " (embedded), Redis " + redisVersion + " (embedded)";
		}
	}

	private static String report(String versions, List<Variant> variants, Map<String, List<Double>> latency,
			Map<String, List<Double>> handoff, Map<String, List<Double>> contention) {
		StringBuilder out = new StringBuilder();
		out.append("Command: `mvn -B -pl benchmarks -am verify -DskipTests -Dbenchmark=locks`  \n");
		out.append("Machine: ").append(Report.machine(versions)).append("  \n");
		out.append("Each figure is the median of " + ROUNDS + " rounds (lowest–highest in brackets); rounds alternate ")
			.append("between variants after a warm-up round. `× dotmac` is the median of per-round ratios against our ")
			.append("provider on the same backend (for times: their time ÷ ours; for throughput: their rate ÷ ours). ")
			.append("Each \"process\" is a provider instance with its own Redis connection or HikariCP pool (4).\n\n");
		out.append("Acquire + release of a free lock, one thread, µs per pair (lower is better):\n\n");
		out.append(table(variants, latency, "µs"));
		out.append("\nHand-off: a waiter on a second instance blocked in a timed try-lock; µs from the holder's release ")
			.append("call to the waiter holding the lock (median of " + HANDOFFS + " per round; lower is better). ShedLock ")
			.append("never waits, so it has no figure here:\n\n");
		out.append(table(variants, handoff, "µs"));
		out.append("\nContention: " + CONTENDERS + " instances, one thread each, taking one lock in turn with a 5 s wait; ")
			.append("critical sections per second (higher is better):\n\n");
		out.append(table(variants, contention, "/s"));
		out.append("\nSpring Integration's `RedisLockRegistry` runs in `PUB_SUB_LOCK` mode (its waiters are woken by a ")
			.append("release message, like ours); `JdbcLockRegistry` polls every 100 ms (its default `idleBetweenTries`). ")
			.append("Our PostgreSQL waiter blocks in `pg_advisory_xact_lock` with a `lock_timeout`, so PostgreSQL hands ")
			.append("the lock over itself.\n");
		return out.toString();
	}

	private static String table(List<Variant> variants, Map<String, List<Double>> rounds, String unit) {
		StringBuilder out = new StringBuilder("| variant | " + unit + " | × dotmac |\n|---|---|---|\n");
		for (Variant variant : variants) {
			List<Double> values = rounds.get(variant.name());
			if (values == null) {
				continue;
			}
			List<Double> ours = rounds.get("dotmac-" + variant.backend());
			out.append("| ").append(variant.name()).append(" | ").append(Stats.of(values).format(""))
				.append(" | ").append(String.format("%.2f", Stats.pairwiseRatios(values, ours).median())).append(" |\n");
		}
		return out.toString();
	}

	private static String json(List<Variant> variants, Map<String, List<Double>> latency, Map<String, List<Double>> handoff,
			Map<String, List<Double>> contention) {
		return "{\"benchmark\":\"locks\",\"acquire_release_us\":" + medians(latency) + ",\"handoff_us\":" + medians(handoff)
				+ ",\"contention_per_s\":" + medians(contention) + ",\"acquire_release_ratio_vs_dotmac\":"
				+ ratios(variants, latency) + ",\"handoff_ratio_vs_dotmac\":" + ratios(variants, handoff)
				+ ",\"contention_ratio_vs_dotmac\":" + ratios(variants, contention) + "}";
	}

	private static String medians(Map<String, List<Double>> rounds) {
		return rounds.entrySet().stream()
			.map((e) -> "\"" + e.getKey() + "\":" + String.format("%.1f", Stats.of(e.getValue()).median()))
			.collect(Collectors.joining(",", "{", "}"));
	}

	private static String ratios(List<Variant> variants, Map<String, List<Double>> rounds) {
		return variants.stream()
			.filter((v) -> rounds.containsKey(v.name()))
			.map((v) -> "\"" + v.name() + "\":" + String.format("%.3f",
					Stats.pairwiseRatios(rounds.get(v.name()), rounds.get("dotmac-" + v.backend())).median()))
			.collect(Collectors.joining(",", "{", "}"));
	}

}
