package io.dotmac.database.lock.integration;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.support.locks.LockRegistry;

import io.dotmac.database.lock.DistributedLock;
import io.dotmac.database.lock.DistributedLocks;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

/**
 * A Spring Integration {@link LockRegistry} backed by {@link DistributedLocks}, so that code
 * written against {@code RedisLockRegistry} or {@code JdbcLockRegistry} runs on the same locks
 * as the rest of the application.
 * <p>
 * {@link #obtain(Object)} takes the lock key's {@code toString()} as the lock name and the
 * tenant bound at that moment (if the provider is tenant-scoped): the returned {@link Lock} is
 * that tenant's lock wherever it is later used. The same instance is returned for the same key
 * and tenant. Like Spring Integration's own registries, each lock is reentrant for the thread
 * that holds it and threads of one process queue on a local lock before they ask the backend;
 * the distributed lock is taken on the first {@code lock} and released on the last
 * {@code unlock}. {@link Lock#newCondition()} is not supported.
 */
public class DistributedLockRegistry implements LockRegistry<Lock> {

	private static final Duration LOCK_FOREVER_STEP = Duration.ofSeconds(30);

	private final DistributedLocks locks;

	private final ConcurrentHashMap<String, RegistryLock> registry = new ConcurrentHashMap<>();

	/**
	 * Create a registry.
	 * @param locks the locks to use
	 */
	public DistributedLockRegistry(DistributedLocks locks) {
		this.locks = Objects.requireNonNull(locks, "locks");
	}

	@Override
	public Lock obtain(Object lockKey) {
		String name = Objects.requireNonNull(lockKey, "lockKey").toString();
		TenantId tenant = TenantContext.isSystemScope() ? null : TenantContext.currentOrNull();
		String registryKey = (tenant != null) ? tenant.value() + ":" + name : ":" + name;
		return this.registry.computeIfAbsent(registryKey, (k) -> new RegistryLock(name, tenant));
	}

	private final class RegistryLock implements Lock {

		private final String name;

		private final @Nullable TenantId tenant;

		private final ReentrantLock local = new ReentrantLock();

		private volatile @Nullable DistributedLock held;

		RegistryLock(String name, @Nullable TenantId tenant) {
			this.name = name;
			this.tenant = tenant;
		}

		@Override
		public void lock() {
			this.local.lock();
			try {
				while (!takeDistributed(LOCK_FOREVER_STEP)) {
					// Keep waiting, as Lock.lock() does.
				}
			}
			catch (RuntimeException ex) {
				this.local.unlock();
				throw ex;
			}
		}

		@Override
		public void lockInterruptibly() throws InterruptedException {
			this.local.lockInterruptibly();
			try {
				while (!takeDistributed(LOCK_FOREVER_STEP)) {
					if (Thread.interrupted()) {
						throw new InterruptedException();
					}
				}
			}
			catch (RuntimeException | InterruptedException ex) {
				this.local.unlock();
				throw ex;
			}
		}

		@Override
		public boolean tryLock() {
			if (!this.local.tryLock()) {
				return false;
			}
			return takeOrUnlock(Duration.ZERO);
		}

		@Override
		public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
			long start = System.nanoTime();
			if (!this.local.tryLock(time, unit)) {
				return false;
			}
			long left = Math.max(0, unit.toNanos(time) - (System.nanoTime() - start));
			return takeOrUnlock(Duration.ofNanos(left));
		}

		@Override
		public void unlock() {
			if (!this.local.isHeldByCurrentThread()) {
				throw new IllegalMonitorStateException("Lock '" + this.name + "' is not held by this thread");
			}
			try {
				if (this.local.getHoldCount() == 1) {
					DistributedLock lock = this.held;
					this.held = null;
					if (lock != null) {
						lock.close();
					}
				}
			}
			finally {
				this.local.unlock();
			}
		}

		@Override
		public Condition newCondition() {
			throw new UnsupportedOperationException("Distributed locks have no conditions");
		}

		private boolean takeOrUnlock(Duration wait) {
			try {
				if (takeDistributed(wait)) {
					return true;
				}
			}
			catch (RuntimeException ex) {
				this.local.unlock();
				throw ex;
			}
			this.local.unlock();
			return false;
		}

		/** Takes the distributed lock unless this thread already holds it (reentrant use). */
		private boolean takeDistributed(Duration wait) {
			if (this.held != null) {
				return true;
			}
			try (TenantContext.Scope scope = (this.tenant != null) ? TenantContext.bind(this.tenant) : TenantContext.clear()) {
				DistributedLock lock = DistributedLockRegistry.this.locks.tryLock(this.name, wait);
				if (lock.acquired()) {
					this.held = lock;
					return true;
				}
				return false;
			}
		}

		@Override
		public String toString() {
			return "DistributedLockRegistry lock '" + this.name + "'" + ((this.tenant != null) ? " of " + this.tenant : "");
		}

	}

}
