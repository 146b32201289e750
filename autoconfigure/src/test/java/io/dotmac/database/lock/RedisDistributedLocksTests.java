package io.dotmac.database.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestRedis;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static io.dotmac.database.lock.AbstractDistributedLocksContractTests.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What only the Redis provider promises: fencing tokens, owner-only release and extension,
 * lease expiry and renewal, waiters woken by the release notification, and its key layout.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDistributedLocksTests {

	private LettuceConnectionFactory connectionFactory;

	private LettuceConnectionFactory otherConnectionFactory;

	private RedisDistributedLocks locks;

	private RedisDistributedLocks other;

	private StringRedisTemplate redis;

	@BeforeAll
	void setUp(TestRedis testRedis) {
		this.connectionFactory = RedisTestConnections.connect(testRedis);
		this.otherConnectionFactory = RedisTestConnections.connect(testRedis);
		this.locks = new RedisDistributedLocks(this.connectionFactory);
		this.other = new RedisDistributedLocks(this.otherConnectionFactory);
		this.redis = new StringRedisTemplate(this.connectionFactory);
	}

	@AfterAll
	void tearDown() {
		this.locks.close();
		this.other.close();
		this.connectionFactory.destroy();
		this.otherConnectionFactory.destroy();
	}

	@Test
	void fencingTokensGrowWithEveryAcquisitionOfANameAcrossProcesses() {
		String name = uniqueName("fence");
		List<Long> tokens = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			RedisDistributedLocks provider = (i % 2 == 0) ? this.locks : this.other;
			try (DistributedLock lock = provider.tryLock(name, Duration.ZERO)) {
				assertThat(lock.acquired()).isTrue();
				tokens.add(lock.fencingToken().getAsLong());
			}
			try (DistributedLock unrelated = provider.tryLock(name + "-unrelated", Duration.ZERO)) {
				assertThat(unrelated.fencingToken()).isPresent();
			}
		}
		assertThat(tokens).isSorted().doesNotHaveDuplicates();
		assertThat(tokens.get(0)).isEqualTo(1);
		assertThat(tokens.get(5)).isEqualTo(6);
	}

	@Test
	void aHolderWhoseLeaseRanOutCannotReleaseOrExtendItsSuccessorsLock() {
		String name = uniqueName("expired");
		DistributedLock first = this.locks.tryLock(name, Duration.ZERO, LockOptions.fixed(Duration.ofMillis(200)));
		assertThat(first.acquired()).isTrue();
		await().atMost(Duration.ofSeconds(20)).until(() -> !first.isHeld());
		try (DistributedLock successor = this.other.tryLock(name, Duration.ZERO, LockOptions.fixed(Duration.ofMinutes(5)))) {
			assertThat(successor.acquired()).isTrue();
			assertThat(successor.fencingToken().getAsLong()).isGreaterThan(first.fencingToken().getAsLong());
			assertThat(first.extend(Duration.ofMinutes(1))).isFalse();
			first.close();
			assertThat(successor.isHeld()).isTrue();
			assertThat(this.redis.getExpire(lockKey("global:" + name), TimeUnit.SECONDS)).isGreaterThan(60);
		}
	}

	@Test
	void aRenewedLeaseOutlivesItsDurationWhileTheHandleIsOpen() throws InterruptedException {
		String name = uniqueName("renewed");
		try (DistributedLock lock = this.locks.tryLock(name, Duration.ZERO, LockOptions.renewing(Duration.ofMillis(300)))) {
			assertThat(lock.acquired()).isTrue();
			// Held throughout four leases; without renewal the key would be gone after one.
			await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5)).until(lock::isHeld);
			try (DistributedLock refused = this.other.tryLock(name, Duration.ZERO)) {
				assertThat(refused.acquired()).isFalse();
			}
		}
		assertThat(this.redis.hasKey(lockKey("global:" + name))).isFalse();
	}

	@Test
	void extendSetsTheRemainingLease() {
		String name = uniqueName("extend");
		try (DistributedLock lock = this.locks.tryLock(name, Duration.ZERO, LockOptions.fixed(Duration.ofSeconds(5)))) {
			assertThat(lock.extend(Duration.ofMinutes(10))).isTrue();
			assertThat(this.redis.getExpire(lockKey("global:" + name), TimeUnit.SECONDS)).isGreaterThan(500);
		}
	}

	@Test
	void aWaiterIsWokenByTheReleaseNotByPolling() throws Exception {
		// Waiters would ask again only after ten minutes, and the lease lasts as long: only the
		// release notification can get the waiter its lock within its 20 s wait.
		LockSettings slowPolling = LockSettings.defaults()
			.withMaxPollInterval(Duration.ofMinutes(10))
			.withDefaultLease(Duration.ofMinutes(10));
		try (RedisDistributedLocks holderSide = new RedisDistributedLocks(this.connectionFactory, slowPolling);
				RedisDistributedLocks waiterSide = new RedisDistributedLocks(this.otherConnectionFactory, slowPolling)) {
			String name = uniqueName("notified");
			DistributedLock holder = holderSide.tryLock(name, Duration.ZERO);
			assertThat(holder.acquired()).isTrue();
			CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
				try (DistributedLock lock = waiterSide.tryLock(name, Duration.ofSeconds(20))) {
					return lock.acquired();
				}
			});
			// Release only once the waiter has marked that it waits for the notification.
			String waitKey = "dotmac:wait:{global:" + name + "}";
			await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.hasKey(waitKey));
			holder.close();
			assertThat(waiter.get(60, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void keysAreNamespacedHashTaggedAndTheFenceNeverExpires() {
		String name = uniqueName("layout");
		try (TenantContext.Scope tenant = TenantContext.bind(TenantId.of("acme"));
				DistributedLock lock = this.locks.tryLock(name, Duration.ZERO)) {
			String key = lockKey("tenant:acme:" + name);
			assertThat(this.redis.getExpire(key, TimeUnit.MILLISECONDS)).isPositive();
			assertThat(this.redis.opsForValue().get(key)).hasSize(36);
			assertThat(this.redis.opsForValue().get("dotmac:fence:{tenant:acme:" + name + "}"))
				.isEqualTo(Long.toString(lock.fencingToken().getAsLong()));
			assertThat(this.redis.getExpire("dotmac:fence:{tenant:acme:" + name + "}")).isEqualTo(-1);
		}
	}

	@Test
	void aGlobalProviderIgnoresTheTenant() {
		try (RedisDistributedLocks global = new RedisDistributedLocks(this.connectionFactory,
				LockSettings.defaults().withTenantScoped(false).withNamespace("global-app"))) {
			String name = uniqueName("global");
			try (TenantContext.Scope acme = TenantContext.bind(TenantId.of("acme"));
					DistributedLock lock = global.tryLock(name, Duration.ZERO)) {
				assertThat(this.redis.hasKey("global-app:lock:{global:" + name + "}")).isTrue();
				try (TenantContext.Scope globex = TenantContext.bind(TenantId.of("globex"));
						DistributedLock refused = global.tryLock(name, Duration.ZERO)) {
					assertThat(refused.acquired()).isFalse();
				}
			}
		}
	}

	@Test
	void onlyAWaiterMarksThatReleasesMustBePublished() {
		String name = uniqueName("marked");
		String waitKey = "dotmac:wait:{global:" + name + "}";
		try (DistributedLock holder = this.locks.tryLock(name, Duration.ZERO);
				DistributedLock tryOnce = this.other.tryLock(name, Duration.ZERO)) {
			assertThat(tryOnce.acquired()).isFalse();
			assertThat(this.redis.hasKey(waitKey)).as("a try without waiting marks nothing").isFalse();
			try (DistributedLock waited = this.other.tryLock(name, Duration.ofMillis(200))) {
				assertThat(waited.acquired()).isFalse();
			}
			assertThat(this.redis.getExpire(waitKey, TimeUnit.MILLISECONDS)).as("the mark outlives the waiter's sleep")
				.isPositive();
		}
	}

	private static String lockKey(String qualifiedName) {
		return "dotmac:lock:{" + qualifiedName + "}";
	}

}
