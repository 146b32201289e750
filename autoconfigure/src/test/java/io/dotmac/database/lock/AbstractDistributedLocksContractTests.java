package io.dotmac.database.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract every {@link DistributedLocks} provider passes (ShedLock's model), and a fuzz test
 * that hammers it from many threads and two provider instances (two "processes") at once.
 * A subclass supplies the provider against a real server. Waits in these tests are generous
 * upper bounds, never timing assertions.
 */
abstract class AbstractDistributedLocksContractTests {

	/** Long enough to never run out on a loaded machine when the lock does come free. */
	static final Duration LONG_WAIT = Duration.ofSeconds(30);

	/** The provider under test. */
	protected abstract DistributedLocks locks();

	/** A second instance on the same backend and namespace, as another process would have. */
	protected abstract DistributedLocks otherProcess();

	private static final AtomicInteger names = new AtomicInteger();

	/** A name no other test uses, so tests never see each other's locks. */
	static String uniqueName(String prefix) {
		return prefix + "-" + names.incrementAndGet() + "-" + System.nanoTime();
	}

	@Test
	void aFreeLockIsAcquiredAndReleased() {
		String name = uniqueName("free");
		DistributedLock lock = locks().tryLock(name, Duration.ZERO);
		try {
			assertThat(lock.acquired()).isTrue();
			assertThat(lock.name()).isEqualTo(name);
			assertThat(lock.isHeld()).isTrue();
		}
		finally {
			lock.close();
		}
		assertThat(lock.isHeld()).isFalse();
		try (DistributedLock again = otherProcess().tryLock(name, Duration.ZERO)) {
			assertThat(again.acquired()).isTrue();
		}
	}

	@Test
	void aHeldLockIsRefusedToEveryoneElseUntilReleased() {
		String name = uniqueName("held");
		try (DistributedLock holder = locks().tryLock(name, Duration.ZERO)) {
			assertThat(holder.acquired()).isTrue();
			try (DistributedLock sameProcess = locks().tryLock(name, Duration.ZERO);
					DistributedLock otherProcess = otherProcess().tryLock(name, Duration.ZERO)) {
				assertThat(sameProcess.acquired()).isFalse();
				assertThat(otherProcess.acquired()).isFalse();
			}
			assertThat(holder.isHeld()).isTrue();
		}
		try (DistributedLock after = otherProcess().tryLock(name, Duration.ZERO)) {
			assertThat(after.acquired()).isTrue();
		}
	}

	@Test
	void aWaiterThatRunsOutOfTimeGetsNoLockAndChangesNothing() {
		String name = uniqueName("timeout");
		try (DistributedLock holder = locks().tryLock(name, Duration.ZERO)) {
			try (DistributedLock waiter = otherProcess().tryLock(name, Duration.ofMillis(300))) {
				assertThat(waiter.acquired()).isFalse();
				assertThat(waiter.isHeld()).isFalse();
				assertThat(waiter.fencingToken()).isEmpty();
				assertThat(waiter.extend(Duration.ofSeconds(1))).isFalse();
			}
			assertThat(holder.isHeld()).isTrue();
		}
	}

	@Test
	void aWaiterGetsTheLockWhenTheHolderReleasesIt() throws Exception {
		String name = uniqueName("handoff");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			DistributedLock holder = locks().tryLock(name, Duration.ZERO);
			assertThat(holder.acquired()).isTrue();
			CountDownLatch waiting = new CountDownLatch(1);
			Future<Boolean> waiter = executor.submit(() -> {
				waiting.countDown();
				try (DistributedLock lock = otherProcess().tryLock(name, LONG_WAIT)) {
					return lock.acquired() && lock.isHeld();
				}
			});
			waiting.await();
			// The waiter stays blocked while the lock is held.
			await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> !waiter.isDone());
			holder.close();
			assertThat(waiter.get(LONG_WAIT.toSeconds() + 10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void differentNamesDoNotContend() {
		String name = uniqueName("one");
		try (DistributedLock one = locks().tryLock(name, Duration.ZERO);
				DistributedLock two = otherProcess().tryLock(name + "-two", Duration.ZERO)) {
			assertThat(one.acquired()).isTrue();
			assertThat(two.acquired()).isTrue();
		}
	}

	@Test
	void closingTwiceOrFromAnotherThreadReleasesOnce() throws Exception {
		String name = uniqueName("close");
		DistributedLock lock = locks().tryLock(name, Duration.ZERO);
		assertThat(lock.acquired()).isTrue();
		Thread closer = new Thread(lock::close);
		closer.start();
		closer.join();
		lock.close();
		try (DistributedLock next = otherProcess().tryLock(name, Duration.ZERO)) {
			assertThat(next.acquired()).isTrue();
			// The first handle's second close must not release its successor's lock.
			lock.close();
			assertThat(next.isHeld()).isTrue();
			try (DistributedLock third = locks().tryLock(name, Duration.ZERO)) {
				assertThat(third.acquired()).isFalse();
			}
		}
	}

	@Test
	void tenantsHaveTheirOwnLocksAndTheSystemScopeSharesTheGlobalOne() {
		String name = uniqueName("tenant");
		TenantId acme = TenantId.of("acme");
		TenantId globex = TenantId.of("globex");
		try (TenantContext.Scope a = TenantContext.bind(acme); DistributedLock acmeLock = locks().tryLock(name, Duration.ZERO)) {
			assertThat(acmeLock.acquired()).isTrue();
			try (TenantContext.Scope g = TenantContext.bind(globex);
					DistributedLock globexLock = otherProcess().tryLock(name, Duration.ZERO)) {
				assertThat(globexLock.acquired()).isTrue();
			}
			try (TenantContext.Scope sameTenant = TenantContext.bind(acme);
					DistributedLock second = otherProcess().tryLock(name, Duration.ZERO)) {
				assertThat(second.acquired()).isFalse();
			}
			try (TenantContext.Scope none = TenantContext.clear();
					DistributedLock global = otherProcess().tryLock(name, Duration.ZERO)) {
				assertThat(global.acquired()).isTrue();
				try (TenantContext.Scope system = TenantContext.bindSystem("lock contract test");
						DistributedLock systemLock = locks().tryLock(name, Duration.ZERO)) {
					assertThat(systemLock.acquired()).as("the system scope uses the global name").isFalse();
				}
			}
			assertThat(locks().heldLocks()).anySatisfy((held) -> {
				assertThat(held.name()).isEqualTo(name);
				assertThat(held.tenant()).isEqualTo("acme");
				assertThat(held.provider()).isEqualTo(locks().provider());
			});
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " leading", "has space", "-leading-dash", "brace{tag}", "new\nline", "ünïcode" })
	void badNamesAreRefusedBeforeTheBackendIsAsked(String name) {
		assertThatExceptionOfType(DatabaseValidationException.class).isThrownBy(() -> locks().tryLock(name, Duration.ZERO))
			.withMessageContaining("Lock name");
	}

	@Test
	void tooLongAndNullNamesAndNegativeWaitsAreRefused() {
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> locks().tryLock("x".repeat(201), Duration.ZERO));
		assertThatExceptionOfType(DatabaseValidationException.class).isThrownBy(() -> locks().tryLock(null, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> locks().tryLock("ok", Duration.ofMillis(-1)));
		try (DistributedLock longest = locks().tryLock("y".repeat(200), Duration.ZERO)) {
			assertThat(longest.acquired()).isTrue();
		}
	}

	@Test
	void runLockedRunsTheActionOnlyWithTheLock() {
		String name = uniqueName("run");
		AtomicInteger runs = new AtomicInteger();
		assertThat(locks().runLocked(name, Duration.ZERO, runs::incrementAndGet)).isTrue();
		try (DistributedLock holder = otherProcess().tryLock(name, Duration.ZERO)) {
			assertThat(holder.acquired()).isTrue();
			assertThat(locks().runLocked(name, Duration.ZERO, runs::incrementAndGet)).isFalse();
			assertThat(locks().callLocked(name, Duration.ZERO, () -> "ran")).isNull();
		}
		assertThat(locks().callLocked(name, Duration.ZERO, () -> "ran")).isEqualTo("ran");
		assertThat(runs).hasValue(1);
	}

	@Test
	void heldLocksListsWhatThisInstanceHolds() {
		String name = uniqueName("listed");
		try (DistributedLock lock = locks().tryLock(name, Duration.ZERO)) {
			assertThat(lock.acquired()).isTrue();
			assertThat(locks().heldLocks()).filteredOn((held) -> held.name().equals(name)).singleElement().satisfies((held) -> {
				assertThat(held.tenant()).isNull();
				assertThat(held.holder()).isEqualTo(Thread.currentThread().getName());
				assertThat(held.fencingToken()).isEqualTo(lock.fencingToken().isPresent() ? lock.fencingToken().getAsLong() : null);
			});
			assertThat(otherProcess().heldLocks()).noneMatch((held) -> held.name().equals(name));
		}
		assertThat(locks().heldLocks()).noneMatch((held) -> held.name().equals(name));
	}

	@Test
	void theListenerHearsEveryOutcome() {
		AbstractDistributedLocks locks = (AbstractDistributedLocks) otherProcess();
		List<String> events = new CopyOnWriteArrayList<>();
		locks.setListener(new LockListener() {
			@Override
			public void acquired(String provider, Duration waited, boolean contended) {
				events.add("acquired:" + contended);
			}

			@Override
			public void notAcquired(String provider, Duration waited) {
				events.add("notAcquired");
			}

			@Override
			public void released(String provider, Duration held) {
				events.add("released");
			}
		});
		try {
			String name = uniqueName("listener");
			try (DistributedLock lock = locks.tryLock(name, Duration.ZERO)) {
				try (DistributedLock holder = locks().tryLock(name + "-b", Duration.ZERO);
						DistributedLock refused = locks.tryLock(name + "-b", Duration.ofMillis(50))) {
					assertThat(refused.acquired()).isFalse();
				}
			}
			assertThat(events).containsExactly("acquired:false", "notAcquired", "released");
		}
		finally {
			locks.setListener(LockListener.NONE);
		}
	}

	/**
	 * Many threads on two provider instances take a handful of locks in random order, with
	 * random waits; no two holders of one name may ever overlap, and every acquired lock must be
	 * released (the final round takes every name at once).
	 */
	@Test
	void fuzzNoTwoHoldersEverOverlap() throws Exception {
		long seed = System.nanoTime();
		Random seeds = new Random(seed);
		String prefix = uniqueName("fuzz");
		int lockCount = 3;
		int threads = 6;
		int iterations = 40;
		Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
		AtomicBoolean overlap = new AtomicBoolean();
		AtomicLong acquisitions = new AtomicLong();
		List<Future<?>> futures = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int t = 0; t < threads; t++) {
				DistributedLocks provider = (t % 2 == 0) ? locks() : otherProcess();
				Random random = new Random(seeds.nextLong());
				futures.add(executor.submit(() -> {
					for (int i = 0; i < iterations; i++) {
						String name = prefix + "-" + random.nextInt(lockCount);
						Duration wait = random.nextInt(4) == 0 ? Duration.ZERO : Duration.ofMillis(random.nextInt(200));
						try (DistributedLock lock = provider.tryLock(name, wait)) {
							if (!lock.acquired()) {
								continue;
							}
							acquisitions.incrementAndGet();
							AtomicInteger counter = inside.computeIfAbsent(name, (n) -> new AtomicInteger());
							if (counter.incrementAndGet() != 1) {
								overlap.set(true);
							}
							if (random.nextBoolean()) {
								// Hold the lock a little, so that others contend for it: a simulated
								// critical section, not a wait for anything.
								LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(random.nextInt(5)));
							}
							counter.decrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(overlap).as("overlapping holders (seed %d)", seed).isFalse();
		assertThat(acquisitions.get()).as("acquisitions (seed %d)", seed).isPositive();
		for (int i = 0; i < lockCount; i++) {
			try (DistributedLock lock = locks().tryLock(prefix + "-" + i, Duration.ZERO)) {
				assertThat(lock.acquired()).as("lock %d left behind (seed %d)", i, seed).isTrue();
			}
		}
		assertThat(locks().heldLocks()).noneMatch((held) -> held.name().startsWith(prefix));
		assertThat(otherProcess().heldLocks()).noneMatch((held) -> held.name().startsWith(prefix));
	}

}
