package io.dotmac.database.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import io.dotmac.database.actuate.TenantCacheHealthIndicator;
import io.dotmac.database.embedded.EmbeddedRedisServer;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stopped or frozen in the middle of a test, on a Redis server of this class's own
 * (the shared test server is never touched).
 */
class RedisOutageTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final Duration TTL = Duration.ofMinutes(5);

	private EmbeddedRedisServer server;

	private RedisFixture redis;

	private TenantCacheStore store;

	private TenantCacheHealthIndicator health;

	private final AtomicInteger databaseReads = new AtomicInteger();

	@BeforeEach
	void start() {
		this.server = EmbeddedRedisServer.start();
		this.redis = new RedisFixture(this.server.host(), this.server.port(), 0);
		TenantCacheSettings settings = TenantCacheSettings.builder()
			.failureThreshold(2)
			.openDuration(Duration.ofMillis(300))
			.slowCallThreshold(Duration.ofSeconds(2))
			.build();
		this.store = new TenantCacheStore(this.redis.factory(), settings,
				CacheSerializers.jackson(List.of("io.dotmac.database.cache")), new ZstdCacheCompressor());
		this.health = new TenantCacheHealthIndicator(this.store);
	}

	@AfterEach
	void stop() throws IOException, InterruptedException {
		this.store.close();
		this.redis.close();
		signal("CONT");
		this.server.close();
	}

	/** A cached read of "the database": the loader counts how often it really runs. */
	private CachedPlan plan() {
		return TenantContext.call(ACME, () -> this.store.getOrLoad("plans", "fiber", TTL, false, () -> {
			this.databaseReads.incrementAndGet();
			return new CachedPlan("fiber", 1000, "");
		}));
	}

	private static ConditionFactory await() {
		return Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100));
	}

	@Test
	void redisStoppedReadsAreServedByTheLoaderWritesAreSkippedAndEverythingRecovers() {
		assertThat(plan()).isEqualTo(new CachedPlan("fiber", 1000, ""));
		assertThat(plan()).isEqualTo(new CachedPlan("fiber", 1000, ""));
		assertThat(this.databaseReads).hasValue(1);

		int port = this.server.port();
		this.server.close();

		for (int i = 0; i < 5; i++) {
			assertThat(plan()).isEqualTo(new CachedPlan("fiber", 1000, ""));
		}
		assertThat(this.databaseReads).hasValue(6);
		assertThat(this.store.circuitBreaker().state()).isNotEqualTo(RedisCircuitBreaker.State.CLOSED);
		assertThat(TenantContext.call(ACME, () -> this.store.put("plans", "other", "x", TTL))).isFalse();
		CacheStatisticsSnapshot stats = this.store.statistics().cacheSnapshot("plans");
		assertThat(stats.skipped()).isPositive();
		assertThat(stats.errors()).isGreaterThanOrEqualTo(2);
		assertThat(this.store.circuitBreaker().openCount()).isEqualTo(1);
		assertThat(this.health.health(true).getStatus()).isEqualTo(Status.DOWN);

		this.server = EmbeddedRedisServer.start(port);

		// Recovery needs nothing but time: the circuit lets a trial through and closes.
		await().until(() -> {
			plan();
			return this.store.circuitBreaker().state() == RedisCircuitBreaker.State.CLOSED;
		});
		int readsAfterRecovery = this.databaseReads.get();
		plan();
		plan();
		assertThat(this.databaseReads.get()).isLessThanOrEqualTo(readsAfterRecovery + 1);
		assertThat(this.health.health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void anEvictionThatCouldNotReachAFrozenRedisIsMadeGoodWhenItAnswersAgain()
			throws IOException, InterruptedException {
		plan();
		assertThat(this.databaseReads).hasValue(1);

		signal("STOP");
		await().until(() -> {
			plan();
			return this.store.circuitBreaker().state() == RedisCircuitBreaker.State.OPEN;
		});
		// The customer changed: the application evicts, but Redis cannot hear it.
		assertThat(TenantContext.call(ACME, () -> this.store.delete("plans", "fiber"))).isFalse();
		assertThat(this.store.pendingRepairs()).isEqualTo(1);

		signal("CONT");
		await().until(() -> {
			plan();
			return this.store.circuitBreaker().state() == RedisCircuitBreaker.State.CLOSED
					&& this.store.pendingRepairs() == 0;
		});
		int reads = this.databaseReads.get();
		// The entry written before the freeze must not come back: the tenant moved on.
		assertThat(TenantContext.call(ACME, () -> this.store.get("plans", "fiber"))).isNull();
		plan();
		assertThat(this.databaseReads.get()).isEqualTo(reads + 1);
	}

	@Test
	void springCachesMissAndSkipWritesWhileRedisIsDown() {
		TenantRedisCache cache = new TenantRedisCache("customers", this.store, TTL, true);
		TenantContext.run(ACME, () -> cache.put("42", "Ada"));
		assertThat(TenantContext.call(ACME, () -> cache.get("42", String.class))).isEqualTo("Ada");

		this.server.close();

		TenantContext.run(ACME, () -> {
			// What @Cacheable does: a miss, the method runs, its result is offered to the cache.
			for (int i = 0; i < 5; i++) {
				assertThat(cache.get("42")).isNull();
				cache.put("42", "Ada");
			}
			assertThat(cache.get("42", () -> "from the database")).isEqualTo("from the database");
			cache.evict("42");
			cache.clear();
		});
		assertThat(this.store.circuitBreaker().state()).isNotEqualTo(RedisCircuitBreaker.State.CLOSED);
		assertThat(this.store.pendingRepairs()).isEqualTo(1);
	}

	private void signal(String signal) throws IOException, InterruptedException {
		if (this.server != null && ProcessHandle.of(this.server.pid()).isPresent()) {
			new ProcessBuilder("kill", "-" + signal, Long.toString(this.server.pid())).inheritIO().start().waitFor();
		}
	}

}
