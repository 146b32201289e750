package io.dotmac.database.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What every provider shares: name validation and tenant qualification, the listener calls
 * (metrics), and the register of locks this process holds.
 */
public abstract class AbstractDistributedLocks implements DistributedLocks {

	private static final Log logger = LogFactory.getLog(AbstractDistributedLocks.class);

	private final LockSettings settings;

	private final Set<LockHandle> held = ConcurrentHashMap.newKeySet();

	private volatile LockListener listener = LockListener.NONE;

	/**
	 * Create a provider.
	 * @param settings the shared settings
	 */
	protected AbstractDistributedLocks(LockSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings");
	}

	/**
	 * The settings.
	 * @return the settings
	 */
	public LockSettings getSettings() {
		return this.settings;
	}

	/**
	 * Set the listener told about every attempt and release.
	 * @param listener the listener
	 */
	public void setListener(LockListener listener) {
		this.listener = Objects.requireNonNull(listener, "listener");
	}

	@Override
	public final DistributedLock tryLock(String name, Duration wait, LockOptions options) {
		Objects.requireNonNull(wait, "wait");
		Objects.requireNonNull(options, "options");
		if (wait.isNegative()) {
			throw new IllegalArgumentException("A lock wait must not be negative, not " + wait);
		}
		LockKey key = LockKey.current(name, this.settings.tenantScoped());
		Duration lease = (options.lease() != null) ? options.lease() : this.settings.defaultLease();
		long start = System.nanoTime();
		Attempt attempt = new Attempt(key, wait, lease, options.renew(), start);
		LockHandle handle;
		try {
			handle = acquire(attempt);
		}
		catch (LockUnavailableException ex) {
			this.listener.failed(provider(), "acquire", ex);
			throw ex;
		}
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		if (handle == null) {
			this.listener.notAcquired(provider(), waited);
			return new NotAcquiredLock(name);
		}
		this.held.add(handle);
		this.listener.acquired(provider(), waited, attempt.contended);
		return handle;
	}

	/**
	 * Takes the lock, waiting as the attempt says.
	 * @param attempt what to take and how long to wait
	 * @return the handle, or {@code null} if another holder kept the lock for the whole wait
	 * @throws LockUnavailableException if the backend cannot be reached
	 */
	protected abstract @Nullable LockHandle acquire(Attempt attempt);

	@Override
	public List<HeldLock> heldLocks() {
		return this.held.stream()
			.map(LockHandle::describe)
			.sorted(Comparator.comparing(HeldLock::acquiredAt))
			.toList();
	}

	final void released(LockHandle handle, long heldNanos) {
		if (this.held.remove(handle)) {
			this.listener.released(provider(), Duration.ofNanos(heldNanos));
		}
	}

	final void failed(String operation, Throwable failure) {
		logger.warn("Lock " + operation + " failed on " + provider() + ": " + failure.getMessage());
		this.listener.failed(provider(), operation, failure);
	}

	/**
	 * One attempt to take a lock.
	 */
	protected static final class Attempt {

		private final LockKey key;

		private final Duration wait;

		private final Duration lease;

		private final boolean renew;

		private final long deadline;

		private boolean contended;

		Attempt(LockKey key, Duration wait, Duration lease, boolean renew, long start) {
			this.key = key;
			this.wait = wait;
			this.lease = lease;
			this.renew = renew;
			this.deadline = start + Math.min(wait.toNanos(), Long.MAX_VALUE / 4);
		}

		/**
		 * The lock's key.
		 * @return the key
		 */
		public LockKey key() {
			return this.key;
		}

		/**
		 * How long the caller is willing to wait.
		 * @return the wait
		 */
		public Duration waitTime() {
			return this.wait;
		}

		/**
		 * The lease to take.
		 * @return the lease
		 */
		public Duration lease() {
			return this.lease;
		}

		/**
		 * Whether to renew the lease while the lock is held.
		 * @return {@code true} to renew
		 */
		public boolean renew() {
			return this.renew;
		}

		/**
		 * Nanoseconds left of the wait, as {@link System#nanoTime()} counts.
		 * @return the time left, never negative
		 */
		public long remainingNanos() {
			return Math.max(0, this.deadline - System.nanoTime());
		}

		/**
		 * Records that another holder had the lock when the attempt began.
		 */
		public void contended() {
			this.contended = true;
		}

	}

	/**
	 * A handle that holds a lock; releases it once.
	 */
	protected abstract static class LockHandle implements DistributedLock {

		private final AbstractDistributedLocks owner;

		private final LockKey key;

		private final Instant acquiredAt = Instant.now();

		private final long acquiredNanos = System.nanoTime();

		private final String holder = Thread.currentThread().getName();

		private final AtomicBoolean closed = new AtomicBoolean();

		/**
		 * Create a handle.
		 * @param owner the provider
		 * @param key the lock's key
		 */
		protected LockHandle(AbstractDistributedLocks owner, LockKey key) {
			this.owner = owner;
			this.key = key;
		}

		@Override
		public String name() {
			return this.key.name();
		}

		/**
		 * The key.
		 * @return the key
		 */
		protected LockKey key() {
			return this.key;
		}

		@Override
		public boolean acquired() {
			return true;
		}

		/**
		 * Whether {@link #close()} was called.
		 * @return {@code true} once closed
		 */
		protected boolean isClosed() {
			return this.closed.get();
		}

		@Override
		public final void close() {
			if (!this.closed.compareAndSet(false, true)) {
				return;
			}
			try {
				release();
			}
			catch (RuntimeException ex) {
				this.owner.failed("release", ex);
			}
			finally {
				this.owner.released(this, System.nanoTime() - this.acquiredNanos);
			}
		}

		/**
		 * Forgets the handle without releasing anything: the backend already ended the lock.
		 */
		protected final void forget() {
			if (this.closed.compareAndSet(false, true)) {
				this.owner.released(this, System.nanoTime() - this.acquiredNanos);
			}
		}

		/**
		 * Releases the lock in the backend. Called once.
		 */
		protected abstract void release();

		HeldLock describe() {
			return new HeldLock(this.owner.provider(), this.key.name(), this.key.tenantValue(), this.acquiredAt,
					fencingToken().isPresent() ? fencingToken().getAsLong() : null, this.holder);
		}

		@Override
		public String toString() {
			return "lock '" + this.key.qualifiedName() + "' on " + this.owner.provider();
		}

	}

}
