package io.dotmac.database.lock;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A source of named distributed locks: at most one holder per name at a time, across every
 * process that uses the same backend and namespace.
 * <p>
 * Locks are not reentrant: a thread that asks again for a lock it holds waits for itself. Names
 * are 1 to 200 characters of letters, digits and {@code . _ : / @ -}, starting with a letter or
 * digit; a name outside that set is refused with a
 * {@link io.dotmac.database.DatabaseValidationException} before the backend is asked. A backend
 * that cannot be reached fails the attempt with a {@link LockUnavailableException}: it never
 * answers "acquired" without the lock.
 *
 * @see RedisDistributedLocks
 * @see PostgresAdvisoryLocks
 */
public interface DistributedLocks {

	/**
	 * Short name of the backend, used in metrics and the actuator endpoint.
	 * @return {@code redis} or {@code postgresql} for the built-in providers
	 */
	String provider();

	/**
	 * Tries to take a lock with the default lease, waiting up to {@code wait} while another
	 * holder has it. A waiter is woken when the lock is released, not by fixed-rate polling.
	 * @param name the lock's name
	 * @param wait how long to wait; {@link Duration#ZERO} to try once
	 * @return the answer: {@link DistributedLock#acquired()} says whether the lock was taken
	 * @throws LockUnavailableException if the backend cannot be reached
	 */
	default DistributedLock tryLock(String name, Duration wait) {
		return tryLock(name, wait, LockOptions.defaults());
	}

	/**
	 * Tries to take a lock, waiting up to {@code wait} while another holder has it.
	 * @param name the lock's name
	 * @param wait how long to wait; {@link Duration#ZERO} to try once
	 * @param options the lease and whether to renew it
	 * @return the answer: {@link DistributedLock#acquired()} says whether the lock was taken
	 * @throws LockUnavailableException if the backend cannot be reached
	 */
	DistributedLock tryLock(String name, Duration wait, LockOptions options);

	/**
	 * Runs an action while holding a lock, if the lock can be had within {@code wait}.
	 * @param name the lock's name
	 * @param wait how long to wait for the lock
	 * @param action what to run under the lock
	 * @return {@code true} if the lock was acquired and the action ran, {@code false} if the
	 * lock was not acquired and the action did not run
	 * @throws LockUnavailableException if the backend cannot be reached; the action did not run
	 */
	default boolean runLocked(String name, Duration wait, Runnable action) {
		try (DistributedLock lock = tryLock(name, wait)) {
			if (!lock.acquired()) {
				return false;
			}
			action.run();
			return true;
		}
	}

	/**
	 * Computes a value while holding a lock, if the lock can be had within {@code wait}.
	 * @param <T> the value's type
	 * @param name the lock's name
	 * @param wait how long to wait for the lock
	 * @param action what to compute under the lock
	 * @return the value, or {@code null} if the lock was not acquired (and the action did not run)
	 * @throws LockUnavailableException if the backend cannot be reached; the action did not run
	 */
	default <T> @Nullable T callLocked(String name, Duration wait, Supplier<T> action) {
		try (DistributedLock lock = tryLock(name, wait)) {
			return lock.acquired() ? action.get() : null;
		}
	}

	/**
	 * The locks that this instance's handles hold right now, in this process only.
	 * @return a snapshot, oldest first
	 */
	List<HeldLock> heldLocks();

}
