package io.dotmac.database.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestRedis;
import io.dotmac.database.tenant.MissingTenantException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

@DotmacTestServers
class TenantCacheStoreTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	private static final Duration TTL = Duration.ofMinutes(5);

	private static RedisFixture redisFixture;

	private final RedisFixture redis = redisFixture;

	private TenantCacheStore store;

	@BeforeAll
	static void connect(TestRedis testRedis) {
		redisFixture = new RedisFixture(testRedis.host(), testRedis.port(), testRedis.database());
	}

	@AfterAll
	static void disconnect() {
		redisFixture.close();
	}

	@BeforeEach
	void setUp() {
		this.redis.flush();
		this.store = store(TenantCacheSettings.builder().build());
	}

	@AfterEach
	void tearDown() {
		this.store.close();
	}

	private TenantCacheStore store(TenantCacheSettings settings) {
		return new TenantCacheStore(this.redis.factory(), settings,
				CacheSerializers.jackson(List.of("io.dotmac.database.cache")), new ZstdCacheCompressor());
	}

	@Test
	void theSameKeyUnderTwoTenantsHoldsTwoValuesAndNeverCrosses() {
		TenantContext.run(ACME, () -> this.store.put("plans", "1", "acme's plan", TTL));
		assertThat(TenantContext.call(GLOBEX, () -> this.store.get("plans", "1"))).isNull();
		TenantContext.run(GLOBEX, () -> this.store.put("plans", "1", "globex's plan", TTL));

		assertThat(TenantContext.call(ACME, () -> this.store.get("plans", "1")))
			.isEqualTo(new CachedValue("acme's plan"));
		assertThat(TenantContext.call(GLOBEX, () -> this.store.get("plans", "1")))
			.isEqualTo(new CachedValue("globex's plan"));
		TenantContext.run(ACME, () -> this.store.delete("plans", "1"));
		assertThat(TenantContext.call(GLOBEX, () -> this.store.get("plans", "1")))
			.isEqualTo(new CachedValue("globex's plan"));
	}

	@Test
	void withoutATenantEveryOperationIsRefusedByDefault() {
		assertThatExceptionOfType(MissingTenantException.class).isThrownBy(() -> this.store.get("plans", "1"));
		assertThatExceptionOfType(MissingTenantException.class)
			.isThrownBy(() -> this.store.put("plans", "1", "x", TTL));
		assertThatExceptionOfType(MissingTenantException.class)
			.isThrownBy(() -> this.store.getOrLoad("plans", "1", TTL, false, () -> "x"));
		assertThatExceptionOfType(MissingTenantException.class)
			.isThrownBy(() -> TenantContext.runAsSystem("test", () -> this.store.invalidatePattern("plans", "*")));
		assertThat(this.redis.size()).isZero();
	}

	@Test
	void theSharedPolicyUsesANamespaceThatNoTenantReads() {
		try (TenantCacheStore shared = store(
				TenantCacheSettings.builder().tenantlessPolicy(TenantlessPolicy.SHARED).build())) {
			shared.put("plans", "1", "reference data", TTL);
			assertThat(shared.get("plans", "1")).isEqualTo(new CachedValue("reference data"));
			assertThat(TenantContext.call(ACME, () -> shared.get("plans", "1"))).isNull();
			assertThat(this.redis.string("dmc:_shared:gen")).isNotNull();
		}
	}

	@Test
	void getOrLoadLoadsOnceThenAnswersFromTheCacheAndCountsIt() {
		AtomicInteger loads = new AtomicInteger();
		for (int i = 0; i < 3; i++) {
			CachedPlan plan = TenantContext.call(ACME, () -> this.store.getOrLoad("plans", "fiber", TTL, false,
					() -> new CachedPlan("fiber", 1000 + loads.incrementAndGet(), "")));
			assertThat(plan).isEqualTo(new CachedPlan("fiber", 1001, ""));
		}
		assertThat(loads).hasValue(1);
		CacheStatisticsSnapshot stats = this.store.statistics().cacheSnapshot("plans");
		assertThat(stats.hits()).isEqualTo(2);
		assertThat(stats.misses()).isEqualTo(1);
		assertThat(stats.loads()).isEqualTo(1);
		assertThat(stats.puts()).isEqualTo(1);
		assertThat(stats.hitRate()).isEqualTo(2.0 / 3);
		assertThat(this.store.statistics().tenants()).containsOnlyKeys("acme");
	}

	@Test
	void concurrentLoadsOfOneKeyShareOneLoaderCall() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(8);
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				results.add(pool.submit(() -> {
					started.countDown();
					return TenantContext.call(ACME, () -> this.store.getOrLoad("plans", "slow", TTL, false, () -> {
						loads.incrementAndGet();
						release.await();
						return "loaded";
					}));
				}));
			}
			// Every caller is on its way and one of them is inside the loader before it may finish.
			started.await();
			await().atMost(Duration.ofSeconds(10)).until(() -> loads.get() == 1);
			release.countDown();
			for (java.util.concurrent.Future<String> result : results) {
				assertThat(result.get()).isEqualTo("loaded");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(loads).hasValue(1);
		// The other tenant's identical key is its own load.
		assertThat(TenantContext.call(GLOBEX, () -> this.store.getOrLoad("plans", "slow", TTL, false, () -> "globex")))
			.isEqualTo("globex");
	}

	@Test
	void aFailingLoaderCachesNothingAndSaysWhy() {
		assertThatExceptionOfType(CacheLoaderException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> this.store.getOrLoad("plans", "1", TTL, false, () -> {
				throw new IllegalStateException("database said no");
			})))
			.withRootCauseExactlyInstanceOf(IllegalStateException.class);
		assertThat(TenantContext.call(ACME, () -> this.store.get("plans", "1"))).isNull();
		assertThat(this.store.statistics().cacheSnapshot("plans").loadFailures()).isEqualTo(1);
	}

	@Test
	void largeValuesAreStoredCompressedAndSmallOnesAreNot() {
		String notes = "fiber to the home, symmetric, static IP available; ".repeat(100);
		TenantContext.run(ACME, () -> {
			this.store.put("plans", "big", new CachedPlan("fiber", 1000, notes), TTL);
			this.store.put("plans", "small", new CachedPlan("dsl", 16, ""), TTL);
			assertThat(this.store.get("plans", "big")).isEqualTo(new CachedValue(new CachedPlan("fiber", 1000, notes)));
		});
		String generation = this.redis.string("dmc:acme:gen");
		byte[] big = this.redis.raw("dmc:acme:" + generation + ":plans:big");
		byte[] small = this.redis.raw("dmc:acme:" + generation + ":plans:small");
		assertThat(big[0]).isEqualTo(CacheValueCodec.COMPRESSED);
		assertThat(big.length).isLessThan(notes.length() / 4);
		assertThat(small[0]).isEqualTo(CacheValueCodec.PLAIN);
		CacheStatisticsSnapshot stats = this.store.statistics().cacheSnapshot("plans");
		assertThat(stats.compressedValues()).isEqualTo(1);
		assertThat(stats.bytesBeforeCompression()).isGreaterThan(notes.length());
		assertThat(stats.bytesAfterCompression()).isLessThan(stats.bytesBeforeCompression() / 4);
	}

	@Test
	void everyEntryHasItsTimeToLive() {
		TenantContext.run(ACME, () -> this.store.put("plans", "1", "x", Duration.ofSeconds(90)));
		long pttl = this.redis.pttl("dmc:acme:" + this.redis.string("dmc:acme:gen") + ":plans:1");
		assertThat(pttl).isBetween(1L, 90_000L);
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> this.store.put("plans", "1", "x", Duration.ZERO)));
	}

	@Test
	void patternInvalidationDeletesOnlyMatchingKeysOfTheCurrentTenantInBatches() {
		TenantContext.run(ACME, () -> {
			for (int i = 0; i < 1_200; i++) {
				this.store.put("users", "user:" + i, i, TTL);
			}
			this.store.put("users", "order:1", "o", TTL);
			this.store.put("orders", "user:1", "other cache", TTL);
		});
		TenantContext.run(GLOBEX, () -> this.store.put("users", "user:1", "globex", TTL));

		long deleted = TenantContext.call(ACME, () -> this.store.invalidatePattern("users", "user:*"));

		assertThat(deleted).isEqualTo(1_200);
		TenantContext.run(ACME, () -> {
			assertThat(this.store.get("users", "user:7")).isNull();
			assertThat(this.store.get("users", "order:1")).isEqualTo(new CachedValue("o"));
			assertThat(this.store.get("orders", "user:1")).isEqualTo(new CachedValue("other cache"));
		});
		assertThat(TenantContext.call(GLOBEX, () -> this.store.get("users", "user:1")))
			.isEqualTo(new CachedValue("globex"));
		assertThat(this.store.statistics().cacheSnapshot("users").evictions()).isEqualTo(1_200);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TenantContext.run(ACME, () -> this.store.invalidatePattern("users", "")));
	}

	@Test
	void tenantInvalidationMovesTheGenerationWithoutTouchingAnyEntry() {
		TenantContext.run(ACME, () -> {
			this.store.put("plans", "1", "a1", TTL);
			this.store.put("users", "1", "a2", TTL);
		});
		TenantContext.run(GLOBEX, () -> this.store.put("plans", "1", "g1", TTL));
		long keysBefore = this.redis.size();
		long generationBefore = Long.parseLong(this.redis.string("dmc:acme:gen"));

		assertThat(this.store.invalidateTenant(ACME)).isTrue();

		assertThat(Long.parseLong(this.redis.string("dmc:acme:gen"))).isEqualTo(generationBefore + 1);
		assertThat(this.redis.size()).isEqualTo(keysBefore);
		TenantContext.run(ACME, () -> {
			assertThat(this.store.get("plans", "1")).isNull();
			assertThat(this.store.get("users", "1")).isNull();
		});
		assertThat(TenantContext.call(GLOBEX, () -> this.store.get("plans", "1"))).isEqualTo(new CachedValue("g1"));
	}

	@Test
	void aLostGenerationCounterRestartsAboveEveryEarlierGeneration() {
		TenantContext.run(ACME, () -> this.store.put("plans", "1", "old", TTL));
		long before = Long.parseLong(this.redis.string("dmc:acme:gen"));
		this.redis.delete("dmc:acme:gen");

		try (TenantCacheStore restarted = store(TenantCacheSettings.builder().build())) {
			assertThat(TenantContext.call(ACME, () -> restarted.get("plans", "1"))).isNull();
			assertThat(Long.parseLong(this.redis.string("dmc:acme:gen"))).isGreaterThan(before);
		}
	}

	@Test
	void anotherInstanceNoticesATenantInvalidationOnceItsGenerationIsRefreshed() {
		TenantCacheSettings settings = TenantCacheSettings.builder().generationRefresh(Duration.ofMillis(200)).build();
		try (TenantCacheStore first = store(settings); TenantCacheStore second = store(settings)) {
			TenantContext.run(ACME, () -> first.put("plans", "1", "v", TTL));
			assertThat(TenantContext.call(ACME, () -> second.get("plans", "1"))).isNotNull();
			first.invalidateTenant(ACME);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> TenantContext.call(ACME, () -> second.get("plans", "1")) == null);
		}
	}

	@Test
	void anUnreadableEntryIsAMissAndIsRemoved() {
		TenantContext.run(ACME, () -> this.store.put("plans", "1", "v", TTL));
		String key = "dmc:acme:" + this.redis.string("dmc:acme:gen") + ":plans:1";
		this.redis.setRaw(key, new byte[] { 9, 9, 9 });
		assertThat(TenantContext.call(ACME, () -> this.store.get("plans", "1"))).isNull();
		assertThat(this.redis.raw(key)).isNull();
	}

	@Test
	void valuesOfUntrustedClassesAreNeverInstantiated() {
		try (TenantCacheStore jdkOnly = new TenantCacheStore(this.redis.factory(), TenantCacheSettings.builder().build())) {
			TenantContext.run(ACME, () -> {
				jdkOnly.put("plans", "1", new CachedPlan("fiber", 1000, ""), TTL);
				jdkOnly.put("plans", "2", new ArrayList<>(List.of("a", "b")), TTL);
				assertThat(jdkOnly.get("plans", "1")).isNull();
				assertThat(jdkOnly.get("plans", "2")).isEqualTo(new CachedValue(List.of("a", "b")));
			});
		}
	}

	@Test
	void cacheNamesAndPrefixesThatWouldBreakTheKeyLayoutAreRejected() {
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> this.store.get("a:b", "1")));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> this.store.get("a*", "1")));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantCacheSettings.builder().keyPrefix("dm:c").build());
	}

}
