package io.dotmac.database.lock;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Distributed locks in Redis.
 * <ul>
 * <li>Acquire: one Lua script does {@code SET key token NX PX lease} with a random owner token
 * and, when the lock was free, {@code INCR}s the lock's fencing counter and returns the new
 * value as the {@link DistributedLock#fencingToken() fencing token}, which therefore grows with
 * every acquisition of the name (the counter never expires).</li>
 * <li>Release and extend: Lua scripts that act only when the key still holds the caller's token,
 * so a holder whose lease ran out can never release or extend its successor's lock. A release
 * publishes the key on the namespace's release channel when someone waits for the lock (a waiter
 * marks that in {@code <namespace>:wait:{<qualified name>}} while it waits).</li>
 * <li>Waiting: a waiter subscribes to the release channel and tries again as soon as the lock it
 * waits for is released; it also tries again when the holder's lease should have run out, and at
 * least every {@link LockSettings#maxPollInterval()} in case a message was lost.</li>
 * <li>Lease renewal: while a handle with {@link LockOptions#renew()} is open, a daemon thread
 * sets its lease again every third of the lease. When a renewal finds the lock gone, or the
 * lease runs out without a renewal reaching Redis, the handle reports the lock as lost.</li>
 * </ul>
 * Keys: {@code <namespace>:lock:{<qualified name>}} and {@code <namespace>:fence:{<qualified
 * name>}} (hash-tagged, so both sit in one Redis Cluster slot); channel
 * {@code <namespace>:lock:released}.
 * <p>
 * When Redis cannot be reached, {@link #tryLock} throws {@link LockUnavailableException}: it
 * never answers "acquired" without the lock. How quickly depends on the client's command timeout
 * ({@code spring.data.redis.timeout}; Lettuce waits 60 s by default), so set it to what a lock
 * caller may wait. A single Redis primary is the source of truth; a failover to a replica that
 * had not yet received a lock can hand it out twice, which the fencing token lets the protected
 * resource detect.
 * <p>
 * Close the provider to stop its renewal thread and its subscription.
 */
public class RedisDistributedLocks extends AbstractDistributedLocks implements AutoCloseable {

	/** The provider's name in metrics and the endpoint. */
	public static final String PROVIDER = "redis";

	/** How much longer than its longest sleep a waiter's "someone waits" mark lasts. */
	private static final long WAIT_FLAG_MARGIN_MILLIS = 2000;

	private final StringRedisTemplate redis;

	private final String channel;

	private final RedisReleaseNotifications notifications;

	private final ScheduledExecutorService renewals;

	/**
	 * Create a provider with the default settings.
	 * @param connectionFactory the Redis connection factory
	 */
	public RedisDistributedLocks(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, LockSettings.defaults());
	}

	/**
	 * Create a provider.
	 * @param connectionFactory the Redis connection factory
	 * @param settings the settings
	 */
	public RedisDistributedLocks(RedisConnectionFactory connectionFactory, LockSettings settings) {
		super(settings);
		Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.redis = new StringRedisTemplate(connectionFactory);
		this.channel = settings.namespace() + ":lock:released";
		this.notifications = new RedisReleaseNotifications(connectionFactory, this.channel);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "dotmac-lock-renewal");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		this.renewals = executor;
		this.notifications.ensureListening();
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	@Override
	protected @Nullable LockHandle acquire(Attempt attempt) {
		String lockKey = lockKey(attempt.key());
		List<String> keys = List.of(lockKey, fenceKey(attempt.key()), waitKey(attempt.key()));
		String token = UUID.randomUUID().toString();
		String leaseMillis = Long.toString(attempt.lease().toMillis());
		long maxPollNanos = getSettings().maxPollInterval().toNanos();
		RedisReleaseNotifications.Waiter waiter = null;
		try {
			while (true) {
				// A waiter marks that it waits, for longer than it sleeps, so that the release
				// publishes; a plain try (or a first attempt) marks nothing.
				String waitFlagMillis = (waiter != null) ? Long.toString(
						TimeUnit.NANOSECONDS.toMillis(Math.min(attempt.remainingNanos(), maxPollNanos)) + WAIT_FLAG_MARGIN_MILLIS)
						: "0";
				Long answer = call(attempt.key(), "acquire",
						() -> this.redis.execute(RedisLockScripts.ACQUIRE, keys, token, leaseMillis, waitFlagMillis));
				if (answer != null && answer > 0) {
					return new RedisLock(attempt, lockKey, token, answer);
				}
				attempt.contended();
				long remaining = attempt.remainingNanos();
				if (remaining <= 0) {
					return null;
				}
				if (waiter == null) {
					// Listen first, then ask again: a release between the two cannot be missed.
					this.notifications.ensureListening();
					waiter = this.notifications.register(lockKey);
					continue;
				}
				long sleep = Math.min(remaining, maxPollNanos);
				if (answer != null && answer < 0) {
					// The holder's lease runs out then, unless renewed; a little later than that.
					sleep = Math.min(sleep, TimeUnit.MILLISECONDS.toNanos(-answer + 1));
				}
				waiter.await(sleep);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		finally {
			if (waiter != null) {
				this.notifications.unregister(waiter);
			}
		}
	}

	/**
	 * Stops lease renewal (held locks then end when their leases run out) and the release
	 * subscription.
	 */
	@Override
	public void close() {
		this.renewals.shutdownNow();
		this.notifications.close();
	}

	private String lockKey(LockKey key) {
		return getSettings().namespace() + ":lock:{" + key.qualifiedName() + "}";
	}

	private String waitKey(LockKey key) {
		return getSettings().namespace() + ":wait:{" + key.qualifiedName() + "}";
	}

	private String fenceKey(LockKey key) {
		return getSettings().namespace() + ":fence:{" + key.qualifiedName() + "}";
	}

	private <T> T call(LockKey key, String operation, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (RuntimeException ex) {
			String consequence = "acquire".equals(operation) ? "; the lock is not held: "
					: "; the lock ends when its lease runs out: ";
			throw new LockUnavailableException("Redis could not be reached to " + operation + " lock '"
					+ key.qualifiedName() + "'" + consequence + ex.getMessage(), ex);
		}
	}

	private final class RedisLock extends LockHandle {

		private final String lockKey;

		private final String waitKey;

		private final String token;

		private final long fencingToken;

		private final long leaseNanos;

		private volatile long confirmedUntil;

		private volatile boolean lost;

		private final @Nullable ScheduledFuture<?> renewal;

		RedisLock(Attempt attempt, String lockKey, String token, long fencingToken) {
			super(RedisDistributedLocks.this, attempt.key());
			this.lockKey = lockKey;
			this.waitKey = waitKey(attempt.key());
			this.token = token;
			this.fencingToken = fencingToken;
			this.leaseNanos = attempt.lease().toNanos();
			this.confirmedUntil = System.nanoTime() + this.leaseNanos;
			if (attempt.renew()) {
				long period = Math.max(1, attempt.lease().toMillis() / 3);
				this.renewal = RedisDistributedLocks.this.renewals.scheduleAtFixedRate(this::renew, period, period,
						TimeUnit.MILLISECONDS);
			}
			else {
				this.renewal = null;
			}
		}

		@Override
		public OptionalLong fencingToken() {
			return OptionalLong.of(this.fencingToken);
		}

		@Override
		public boolean isHeld() {
			if (isClosed() || this.lost) {
				return false;
			}
			String owner = call(key(), "check", () -> RedisDistributedLocks.this.redis.opsForValue().get(this.lockKey));
			return this.token.equals(owner);
		}

		@Override
		public boolean extend(Duration lease) {
			Objects.requireNonNull(lease, "lease");
			if (lease.isNegative() || lease.toMillis() < 1) {
				throw new IllegalArgumentException("A lock lease must be at least 1 ms, not " + lease);
			}
			if (isClosed() || this.lost) {
				return false;
			}
			long sent = System.nanoTime();
			Long extended = call(key(), "extend", () -> RedisDistributedLocks.this.redis.execute(RedisLockScripts.EXTEND,
					List.of(this.lockKey), this.token, Long.toString(lease.toMillis())));
			if (extended != null && extended == 1) {
				this.confirmedUntil = sent + lease.toNanos();
				return true;
			}
			return false;
		}

		private void renew() {
			if (isClosed() || this.lost) {
				cancelRenewal();
				return;
			}
			try {
				if (!extend(Duration.ofNanos(this.leaseNanos))) {
					lose();
				}
			}
			catch (RuntimeException ex) {
				failed("renew", ex);
				if (System.nanoTime() - this.confirmedUntil > 0) {
					// The lease ran out without a renewal reaching Redis: someone else may hold it.
					lose();
				}
			}
		}

		private void lose() {
			this.lost = true;
			cancelRenewal();
			forget();
		}

		private void cancelRenewal() {
			if (this.renewal != null) {
				this.renewal.cancel(false);
			}
		}

		@Override
		protected void release() {
			cancelRenewal();
			if (this.lost) {
				return;
			}
			call(key(), "release", () -> RedisDistributedLocks.this.redis.execute(RedisLockScripts.RELEASE,
					List.of(this.lockKey, this.waitKey), this.token, RedisDistributedLocks.this.channel));
		}

	}

}
