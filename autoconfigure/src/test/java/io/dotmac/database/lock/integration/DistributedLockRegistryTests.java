package io.dotmac.database.lock.integration;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestRedis;
import io.dotmac.database.lock.DistributedLock;
import io.dotmac.database.lock.RedisDistributedLocks;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Spring Integration {@code LockRegistry} adapter on Redis locks: the {@link Lock}
 * contract (reentrancy, owner-only unlock, timed waits) over the distributed lock.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedLockRegistryTests {

	private LettuceConnectionFactory connectionFactory;

	private RedisDistributedLocks locks;

	private RedisDistributedLocks otherProcess;

	private DistributedLockRegistry registry;

	@BeforeAll
	void setUp(TestRedis redis) {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(redis.host(), redis.port());
		server.setDatabase(redis.database());
		this.connectionFactory = new LettuceConnectionFactory(server);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.locks = new RedisDistributedLocks(this.connectionFactory);
		this.otherProcess = new RedisDistributedLocks(this.connectionFactory);
		this.registry = new DistributedLockRegistry(this.locks);
	}

	@AfterAll
	void tearDown() {
		this.locks.close();
		this.otherProcess.close();
		this.connectionFactory.destroy();
	}

	@Test
	void oneLockPerKeyAndTenant() {
		Lock global = this.registry.obtain("key-a");
		assertThat(this.registry.obtain("key-a")).isSameAs(global);
		try (TenantContext.Scope acme = TenantContext.bind(TenantId.of("acme"))) {
			assertThat(this.registry.obtain("key-a")).isNotSameAs(global);
		}
	}

	@Test
	void theLockIsReentrantAndHeldUntilTheLastUnlock() {
		Lock lock = this.registry.obtain("reentrant");
		lock.lock();
		assertThat(lock.tryLock()).isTrue();
		assertThat(otherProcessGets("reentrant")).isFalse();
		lock.unlock();
		assertThat(otherProcessGets("reentrant")).isFalse();
		lock.unlock();
		assertThat(otherProcessGets("reentrant")).isTrue();
	}

	@Test
	void onlyTheHoldingThreadMayUnlock() throws Exception {
		Lock lock = this.registry.obtain("owner");
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(lock::unlock);
		lock.lock();
		try {
			CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
				try {
					lock.unlock();
					return null;
				}
				catch (IllegalMonitorStateException ex) {
					return ex;
				}
			});
			assertThat(other.get(30, TimeUnit.SECONDS)).isInstanceOf(IllegalMonitorStateException.class);
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	void aTimedTryLockWaitsForAnotherProcessToRelease() throws Exception {
		DistributedLock held = this.otherProcess.tryLock("timed", Duration.ZERO);
		assertThat(held.acquired()).isTrue();
		Lock lock = this.registry.obtain("timed");
		assertThat(lock.tryLock(100, TimeUnit.MILLISECONDS)).isFalse();
		CountDownLatch started = new CountDownLatch(1);
		CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
			started.countDown();
			try {
				boolean acquired = lock.tryLock(30, TimeUnit.SECONDS);
				if (acquired) {
					lock.unlock();
				}
				return acquired;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		});
		started.await();
		held.close();
		assertThat(waiter.get(60, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void threadsOfOneProcessQueueOnTheSameLock() throws Exception {
		Lock lock = this.registry.obtain("queued");
		lock.lock();
		CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
			lock.lock();
			try {
				return this.locks.heldLocks().stream().anyMatch((held) -> held.name().equals("queued"));
			}
			finally {
				lock.unlock();
			}
		});
		// The second thread stays queued while the first holds the lock.
		await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
		lock.unlock();
		assertThat(second.get(60, TimeUnit.SECONDS)).isTrue();
		assertThat(otherProcessGets("queued")).isTrue();
	}

	@Test
	void executeLockedRunsUnderTheLock() throws Exception {
		String result = this.registry.executeLocked("callable", () -> otherProcessGets("callable") ? "leaked" : "locked");
		assertThat(result).isEqualTo("locked");
		assertThat(otherProcessGets("callable")).isTrue();
	}

	@Test
	void conditionsAreNotSupported() {
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> this.registry.obtain("condition").newCondition());
	}

	private boolean otherProcessGets(String name) {
		try (DistributedLock lock = this.otherProcess.tryLock(name, Duration.ZERO)) {
			return lock.acquired();
		}
	}

}
