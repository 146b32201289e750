package io.dotmac.database.lock;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How long a lock's lease lasts and whether it is renewed while the lock is held.
 * <p>
 * The lease is how long the lock outlives a holder that dies without releasing it. A Redis lock
 * expires when its lease runs out; with {@link #renew() renewal} the provider extends it while the
 * holder's handle is open, so a long task keeps its lock and a crashed one loses it within a
 * lease. PostgreSQL advisory locks need no lease: they end with their transaction or connection,
 * which PostgreSQL ends when the holder dies.
 *
 * @param lease the lease, or {@code null} for the provider's default
 * @param renew whether to renew the lease while the lock is held
 */
public record LockOptions(@Nullable Duration lease, boolean renew) {

	private static final LockOptions DEFAULTS = new LockOptions(null, true);

	/**
	 * Validate the options.
	 * @param lease the lease, or {@code null} for the provider's default
	 * @param renew whether to renew the lease
	 */
	public LockOptions {
		if (lease != null && (lease.isNegative() || lease.toMillis() < 1)) {
			throw new IllegalArgumentException("A lock lease must be at least 1 ms, not " + lease);
		}
	}

	/**
	 * The provider's default lease, renewed while the lock is held.
	 * @return the default options
	 */
	public static LockOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * A lease that is renewed while the lock is held.
	 * @param lease how long the lock outlives a holder that dies
	 * @return the options
	 */
	public static LockOptions renewing(Duration lease) {
		return new LockOptions(Objects.requireNonNull(lease, "lease"), true);
	}

	/**
	 * A lease that is never renewed: the lock ends after it even if the holder still runs
	 * (ShedLock's {@code lockAtMostFor}).
	 * @param lease the longest the lock is held
	 * @return the options
	 */
	public static LockOptions fixed(Duration lease) {
		return new LockOptions(Objects.requireNonNull(lease, "lease"), false);
	}

}
