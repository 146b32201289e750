package io.dotmac.database.lock;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The answer to one attempt to take a lock, and, when the attempt succeeded, the handle that
 * releases it. Close it with try-with-resources:
 * <pre>{@code
 * try (DistributedLock lock = locks.tryLock("import-data", Duration.ofSeconds(2))) {
 *     if (lock.acquired()) {
 *         importData();
 *     }
 * }
 * }</pre>
 * {@link #close()} releases the lock once; it may be called again, and from another thread. It
 * does not throw when the backend is unreachable: the lock then ends when its lease runs out
 * (Redis) or when its connection ends (PostgreSQL).
 */
public interface DistributedLock extends AutoCloseable {

	/**
	 * The lock's name as the caller gave it.
	 * @return the name
	 */
	String name();

	/**
	 * Whether the attempt acquired the lock.
	 * @return {@code true} if this handle was given the lock
	 */
	boolean acquired();

	/**
	 * A number that grows with every acquisition of this lock name, for fencing: pass it to the
	 * resource the lock protects, which rejects writes that carry a smaller token than one it has
	 * seen, so a holder whose lease ran out while it was paused cannot overwrite its successor's
	 * work.
	 * @return the token, or empty when the lock was not acquired or the provider has none (a
	 * PostgreSQL transaction-scoped lock needs none: work done in the lock's transaction commits
	 * only while the lock is held)
	 */
	OptionalLong fencingToken();

	/**
	 * Asks the backend whether this handle still holds the lock.
	 * @return {@code false} if the lock was not acquired, was released, or was lost (its lease
	 * ran out, or its connection ended)
	 * @throws LockUnavailableException if the backend cannot be asked
	 */
	boolean isHeld();

	/**
	 * Sets the remaining lease to the given duration, if this handle still holds the lock.
	 * PostgreSQL locks have no lease; for them this answers whether the lock is still held.
	 * @param lease the new remaining lease, at least 1 ms
	 * @return {@code true} if the lock is still held by this handle
	 * @throws LockUnavailableException if the backend cannot be reached
	 */
	boolean extend(Duration lease);

	/**
	 * Releases the lock if this handle holds it. Idempotent; never throws.
	 */
	@Override
	void close();

}
