package io.dotmac.database.lock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.dotmac.database.embedded.EmbeddedRedisServer;

import static io.dotmac.database.lock.AbstractDistributedLocksContractTests.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped in the middle of a test: locks fail closed while it is gone and work again when
 * it comes back on the same port. Runs on a Redis server of its own, so the shared test server
 * is never stopped.
 */
class RedisOutageLockTests {

	private EmbeddedRedisServer server;

	private LettuceConnectionFactory connectionFactory;

	private RedisDistributedLocks locks;

	private final List<String> failures = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startRedis() {
		this.server = EmbeddedRedisServer.start();
		// A short command timeout, as spring.data.redis.timeout should be for lock callers.
		this.connectionFactory = RedisTestConnections.connect(this.server.host(), this.server.port(), 0,
				Duration.ofSeconds(1));
		// Waiters would ask again only after ten minutes: a waiter that gets a released lock
		// within its wait was woken by the release notification.
		this.locks = new RedisDistributedLocks(this.connectionFactory,
				LockSettings.defaults().withMaxPollInterval(Duration.ofMinutes(10)));
		this.locks.setListener(new LockListener() {
			@Override
			public void failed(String provider, String operation, Throwable failure) {
				RedisOutageLockTests.this.failures.add(provider + ":" + operation);
			}
		});
	}

	@AfterEach
	void stopRedis() {
		this.locks.close();
		this.connectionFactory.destroy();
		this.server.close();
	}

	@Test
	void locksFailClosedWhileRedisIsDownAndRecoverWhenItReturns() {
		String name = uniqueName("outage");
		DistributedLock held = this.locks.tryLock(name, Duration.ZERO);
		assertThat(held.acquired()).isTrue();
		int port = this.server.port();

		this.server.close();

		assertThatExceptionOfType(LockUnavailableException.class)
			.isThrownBy(() -> this.locks.tryLock(uniqueName("during"), Duration.ZERO))
			.withMessageContaining("Redis could not be reached to acquire lock")
			.withMessageContaining("the lock is not held");
		assertThatExceptionOfType(LockUnavailableException.class)
			.isThrownBy(() -> this.locks.tryLock(uniqueName("during"), Duration.ofMillis(500)));
		assertThatExceptionOfType(LockUnavailableException.class).isThrownBy(held::isHeld);
		held.close();
		assertThat(this.failures).contains("redis:acquire", "redis:release");
		assertThat(this.locks.heldLocks()).isEmpty();

		this.server = EmbeddedRedisServer.start(port);

		await().atMost(Duration.ofSeconds(60)).ignoreException(LockUnavailableException.class).untilAsserted(() -> {
			try (DistributedLock after = this.locks.tryLock(name, Duration.ZERO)) {
				assertThat(after.acquired()).isTrue();
				assertThat(after.isHeld()).isTrue();
			}
		});
		try (DistributedLock holder = this.locks.tryLock(name, Duration.ZERO);
				DistributedLock refused = this.locks.tryLock(name, Duration.ofMillis(200))) {
			assertThat(holder.acquired()).isTrue();
			assertThat(refused.acquired()).isFalse();
		}
		// The release subscription came back with Redis: a waiter is woken by the release.
		DistributedLock holder = this.locks.tryLock(name, Duration.ZERO);
		assertThat(holder.acquired()).isTrue();
		CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
			try (DistributedLock lock = this.locks.tryLock(name, Duration.ofSeconds(20))) {
				return lock.acquired();
			}
		});
		// Release only once the waiter has marked that it waits for the notification.
		StringRedisTemplate redis = new StringRedisTemplate(this.connectionFactory);
		await().atMost(Duration.ofSeconds(20)).until(() -> redis.hasKey("dotmac:wait:{global:" + name + "}"));
		holder.close();
		assertThat(waiter.join()).isTrue();
	}


	@Test
	void aProviderCreatedWhileRedisIsDownFailsClosedAndWorksOnceRedisIsUp() {
		int port = this.server.port();
		this.server.close();
		LettuceConnectionFactory lateFactory = RedisTestConnections.connect(this.server.host(), port, 0,
				Duration.ofSeconds(1));
		try (RedisDistributedLocks late = new RedisDistributedLocks(lateFactory)) {
			assertThatExceptionOfType(LockUnavailableException.class)
				.isThrownBy(() -> late.tryLock(uniqueName("late"), Duration.ZERO));
			this.server = EmbeddedRedisServer.start(port);
			String name = uniqueName("late");
			await().atMost(Duration.ofSeconds(60)).ignoreException(LockUnavailableException.class).untilAsserted(() -> {
				try (DistributedLock lock = late.tryLock(name, Duration.ZERO)) {
					assertThat(lock.acquired()).isTrue();
				}
			});
			// Release notifications work once subscribed: a waiter gets a released lock.
			DistributedLock holder = late.tryLock(name, Duration.ZERO);
			CompletableFuture<Boolean> waiter = CompletableFuture
				.supplyAsync(() -> {
					try (DistributedLock lock = late.tryLock(name, Duration.ofSeconds(20))) {
						return lock.acquired();
					}
				});
			holder.close();
			assertThat(waiter.join()).isTrue();
		}
		finally {
			lateFactory.destroy();
		}
	}

}
