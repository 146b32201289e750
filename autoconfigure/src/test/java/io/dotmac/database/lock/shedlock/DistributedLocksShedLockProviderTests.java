package io.dotmac.database.lock.shedlock;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ShedLock {@code LockProvider} adapter on Redis locks: ShedLock's lockAtMostFor and
 * lockAtLeastFor semantics, extension, and ShedLock's own task executor on top.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedLocksShedLockProviderTests {

	private LettuceConnectionFactory connectionFactory;

	private RedisDistributedLocks locks;

	private DistributedLocksShedLockProvider provider;

	@BeforeAll
	void setUp(TestRedis redis) {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(redis.host(), redis.port());
		server.setDatabase(redis.database());
		this.connectionFactory = new LettuceConnectionFactory(server);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.locks = new RedisDistributedLocks(this.connectionFactory);
		this.provider = new DistributedLocksShedLockProvider(this.locks);
	}

	@AfterAll
	void tearDown() {
		this.provider.close();
		this.locks.close();
		this.connectionFactory.destroy();
	}

	private static LockConfiguration config(String name, Duration atMost, Duration atLeast) {
		return new LockConfiguration(Instant.now(), name, atMost, atLeast);
	}

	@Test
	void aTaskLockIsExclusiveUntilUnlocked() {
		Optional<SimpleLock> lock = this.provider.lock(config("exclusive", Duration.ofMinutes(5), Duration.ZERO));
		assertThat(lock).isPresent();
		assertThat(this.provider.lock(config("exclusive", Duration.ofMinutes(5), Duration.ZERO))).isEmpty();
		lock.get().unlock();
		Optional<SimpleLock> again = this.provider.lock(config("exclusive", Duration.ofMinutes(5), Duration.ZERO));
		assertThat(again).isPresent();
		again.get().unlock();
	}

	@Test
	void lockAtMostForIsAFixedLeaseThatEndsEvenIfTheTaskRunsOn() {
		Optional<SimpleLock> lock = this.provider.lock(config("at-most", Duration.ofMillis(300), Duration.ZERO));
		assertThat(lock).isPresent();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.provider.lock(config("at-most", Duration.ofMinutes(5), Duration.ZERO))
			.map((next) -> {
				next.unlock();
				return true;
			})
			.orElse(false));
		lock.get().unlock();
	}

	@Test
	void lockAtLeastForKeepsTheLockAfterAnEarlyUnlock() {
		Optional<SimpleLock> lock = this.provider.lock(config("at-least", Duration.ofMinutes(5), Duration.ofMillis(800)));
		assertThat(lock).isPresent();
		lock.get().unlock();
		assertThat(this.provider.lock(config("at-least", Duration.ofMinutes(5), Duration.ZERO))).isEmpty();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			try (DistributedLock probe = this.locks.tryLock("at-least", Duration.ZERO)) {
				return probe.acquired();
			}
		});
	}

	@Test
	void extendGivesANewLockWhileHeld() {
		SimpleLock lock = this.provider.lock(config("extended", Duration.ofMillis(500), Duration.ZERO)).orElseThrow();
		Optional<SimpleLock> extended = lock.extend(Duration.ofMinutes(5), Duration.ZERO);
		assertThat(extended).isPresent();
		assertThat(this.provider.lock(config("extended", Duration.ofMinutes(5), Duration.ZERO))).isEmpty();
		extended.get().unlock();
		SimpleLock next = this.provider.lock(config("extended", Duration.ofMinutes(5), Duration.ZERO)).orElseThrow();
		next.unlock();
	}

	@Test
	void shedLocksOwnExecutorRunsATaskOnceWhileItsLockIsHeld() {
		DefaultLockingTaskExecutor executor = new DefaultLockingTaskExecutor(this.provider);
		AtomicInteger runs = new AtomicInteger();
		executor.executeWithLock((Runnable) () -> {
			runs.incrementAndGet();
			executor.executeWithLock((Runnable) runs::incrementAndGet,
					config("nested-other", Duration.ofMinutes(1), Duration.ZERO));
			// Another instance (ShedLock lets the same thread re-enter its own lock) must not run it.
			CompletableFuture
				.runAsync(() -> new DefaultLockingTaskExecutor(this.provider).executeWithLock((Runnable) runs::incrementAndGet,
						config("report", Duration.ofMinutes(1), Duration.ZERO)))
				.join();
		}, config("report", Duration.ofMinutes(1), Duration.ZERO));
		// The outer task and the nested task of another name ran; the second "report" did not.
		assertThat(runs).hasValue(2);
	}

}
