package io.dotmac.database.lock.shedlock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

import io.dotmac.database.lock.DistributedLock;
import io.dotmac.database.lock.DistributedLocks;
import io.dotmac.database.lock.LockOptions;

/**
 * A ShedLock {@link LockProvider} backed by {@link DistributedLocks}.
 * <p>
 * A task's lock is tried once (ShedLock never waits) with a fixed lease of
 * {@code lockAtMostFor}, never renewed, as ShedLock expects. On unlock before
 * {@code lockAtLeastFor} has passed, the lock is kept and released when it has (the lease still
 * bounds it if this process dies). Task names must be valid lock names (letters, digits and
 * {@code . _ : / @ -}). Scheduled tasks usually run with no tenant bound, so their locks are
 * global.
 * <p>
 * Close the provider to release the locks it is keeping for {@code lockAtLeastFor}.
 */
public class DistributedLocksShedLockProvider implements LockProvider, AutoCloseable {

	private final DistributedLocks locks;

	private final ScheduledExecutorService delayedReleases;

	/**
	 * Create a provider.
	 * @param locks the locks to use
	 */
	public DistributedLocksShedLockProvider(DistributedLocks locks) {
		this.locks = Objects.requireNonNull(locks, "locks");
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "dotmac-shedlock-release");
			thread.setDaemon(true);
			return thread;
		});
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.delayedReleases = executor;
	}

	@Override
	public Optional<SimpleLock> lock(LockConfiguration configuration) {
		DistributedLock lock = this.locks.tryLock(configuration.getName(), Duration.ZERO,
				LockOptions.fixed(positive(configuration.getLockAtMostFor())));
		if (!lock.acquired()) {
			return Optional.empty();
		}
		return Optional.of(new ShedLock(lock, configuration.getLockAtLeastUntil()));
	}

	/**
	 * Releases at once the locks kept for {@code lockAtLeastFor}.
	 */
	@Override
	public void close() {
		for (Runnable release : this.delayedReleases.shutdownNow()) {
			release.run();
		}
	}

	private static Duration positive(Duration duration) {
		return (duration.toMillis() < 1) ? Duration.ofMillis(1) : duration;
	}

	private final class ShedLock implements SimpleLock {

		private final DistributedLock lock;

		private final Instant lockAtLeastUntil;

		ShedLock(DistributedLock lock, Instant lockAtLeastUntil) {
			this.lock = lock;
			this.lockAtLeastUntil = lockAtLeastUntil;
		}

		@Override
		public void unlock() {
			long keepMillis = Duration.between(Instant.now(), this.lockAtLeastUntil).toMillis();
			if (keepMillis <= 0) {
				this.lock.close();
				return;
			}
			try {
				DistributedLocksShedLockProvider.this.delayedReleases.schedule(this.lock::close, keepMillis,
						TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException shutDown) {
				this.lock.close();
			}
		}

		@Override
		public Optional<SimpleLock> extend(Duration lockAtMostFor, Duration lockAtLeastFor) {
			if (!this.lock.extend(positive(lockAtMostFor))) {
				return Optional.empty();
			}
			return Optional.of(new ShedLock(this.lock, Instant.now().plus(lockAtLeastFor)));
		}

	}

}
