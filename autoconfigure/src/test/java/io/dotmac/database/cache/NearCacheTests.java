package io.dotmac.database.cache;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestRedis;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two stores on one Redis stand for two application instances, each with its own near
 * cache; invalidation messages keep them coherent.
 */
@DotmacTestServers
class NearCacheTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	private static final Duration TTL = Duration.ofMinutes(5);

	private static RedisFixture redis;

	private TenantCacheStore first;

	private TenantCacheStore second;

	@BeforeAll
	static void connect(TestRedis testRedis) {
		redis = new RedisFixture(testRedis.host(), testRedis.port(), testRedis.database());
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@BeforeEach
	void startInstances() {
		redis.flush();
		// A long generation refresh: only the invalidation messages can tell the other instance.
		TenantCacheSettings settings = TenantCacheSettings.builder()
			.nearCache(true)
			.generationRefresh(Duration.ofHours(1))
			.build();
		this.first = new TenantCacheStore(redis.factory(), settings,
				CacheSerializers.jackson(List.of("io.dotmac.database.cache")), new ZstdCacheCompressor());
		this.second = new TenantCacheStore(redis.factory(), settings,
				CacheSerializers.jackson(List.of("io.dotmac.database.cache")), new ZstdCacheCompressor());
		// Wait until both listen: a message published before a subscription is lost.
		// The second instance holds a probe in memory until the first one's write reaches it.
		TenantContext.run(GLOBEX, () -> {
			this.first.put("probe", "1", "x", TTL);
			this.second.get("probe", "1");
		});
		await().until(() -> {
			TenantContext.run(GLOBEX, () -> this.first.put("probe", "1", "x", TTL));
			return this.second.nearCacheSize() == 0;
		});

	}

	private static ConditionFactory await() {
		return Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(10));
	}

	@AfterEach
	void stopInstances() {
		this.first.close();
		this.second.close();
	}

	@Test
	void repeatedReadsAreAnsweredFromMemory() {
		TenantContext.run(ACME, () -> {
			this.first.put("plans", "1", new CachedPlan("fiber", 1000, ""), TTL);
			for (int i = 0; i < 5; i++) {
				assertThat(this.first.get("plans", "1")).isEqualTo(new CachedValue(new CachedPlan("fiber", 1000, "")));
			}
		});
		CacheStatisticsSnapshot stats = this.first.statistics().cacheSnapshot("plans");
		assertThat(stats.hits()).isEqualTo(5);
		assertThat(stats.nearHits()).isEqualTo(4);
	}

	@Test
	void theNearCacheIsTenantScopedLikeRedis() {
		TenantContext.run(ACME, () -> {
			this.first.put("plans", "1", "acme", TTL);
			this.first.get("plans", "1");
		});
		assertThat(TenantContext.call(GLOBEX, () -> this.first.get("plans", "1"))).isNull();
	}

	@Test
	void aWriteOnOneInstanceDropsTheOtherInstancesCopy() {
		TenantContext.run(ACME, () -> {
			this.first.put("plans", "1", "v1", TTL);
			// The write's own invalidation message may reach the second instance after its
			// first read and drop that copy: read until a copy stays and is served from memory.
			await().until(() -> new CachedValue("v1").equals(this.second.get("plans", "1"))
					&& this.second.statistics().cacheSnapshot("plans").nearHits() > 0);
			this.first.put("plans", "1", "v2", TTL);
			await()
				.untilAsserted(() -> assertThat(this.second.get("plans", "1")).isEqualTo(new CachedValue("v2")));
			this.first.delete("plans", "1");
			await().until(() -> this.second.get("plans", "1") == null);
		});
		assertThat(this.second.statistics().cacheSnapshot("plans").nearHits()).isPositive();
	}

	@Test
	void patternAndTenantInvalidationsReachTheOtherInstance() {
		TenantContext.run(ACME, () -> {
			this.first.put("users", "user:1", "u1", TTL);
			this.first.put("users", "order:1", "o1", TTL);
			this.second.get("users", "user:1");
			this.second.get("users", "order:1");
			this.first.invalidatePattern("users", "user:*");
			await().until(() -> this.second.get("users", "user:1") == null);
			assertThat(this.second.get("users", "order:1")).isEqualTo(new CachedValue("o1"));
		});

		this.first.invalidateTenant(ACME);
		// The second instance trusts its generation for an hour: only the message can move it.
		await()
			.until(() -> TenantContext.call(ACME, () -> this.second.get("users", "order:1")) == null);
	}

}
