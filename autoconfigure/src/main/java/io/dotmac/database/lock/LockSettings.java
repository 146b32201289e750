package io.dotmac.database.lock;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import io.dotmac.database.DatabaseValidationException;

/**
 * Settings shared by the lock providers.
 *
 * @param namespace prefix that separates this application's locks from others' on the same
 * backend (Redis key prefix; part of the hashed PostgreSQL advisory key)
 * @param tenantScoped whether lock names are qualified by the tenant bound when a lock is taken,
 * so that tenants never contend for each other's locks; in the system scope or with no tenant
 * bound a name is global either way
 * @param defaultLease the lease of a lock taken without one (Redis)
 * @param maxPollInterval the longest a waiter sleeps before it asks again, in case a release
 * notification was lost (Redis)
 */
public record LockSettings(String namespace, boolean tenantScoped, Duration defaultLease,
		Duration maxPollInterval) {

	private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

	/**
	 * Validate the settings.
	 * @param namespace the namespace
	 * @param tenantScoped whether names are qualified by tenant
	 * @param defaultLease the default lease
	 * @param maxPollInterval the longest sleep of a waiter
	 */
	public LockSettings {
		Objects.requireNonNull(namespace, "namespace");
		if (!NAMESPACE.matcher(namespace).matches()) {
			throw new DatabaseValidationException("Lock namespace '" + namespace
					+ "' must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
		}
		requirePositive("defaultLease", defaultLease);
		requirePositive("maxPollInterval", maxPollInterval);
	}

	/**
	 * Namespace {@code dotmac}, tenant-scoped names, a 30 s lease, waiters ask again at least
	 * every second.
	 * @return the defaults
	 */
	public static LockSettings defaults() {
		return new LockSettings("dotmac", true, Duration.ofSeconds(30), Duration.ofSeconds(1));
	}

	/**
	 * A copy with another namespace.
	 * @param namespace the namespace
	 * @return the new settings
	 */
	public LockSettings withNamespace(String namespace) {
		return new LockSettings(namespace, this.tenantScoped, this.defaultLease, this.maxPollInterval);
	}

	/**
	 * A copy with tenant scoping on or off.
	 * @param tenantScoped whether names are qualified by tenant
	 * @return the new settings
	 */
	public LockSettings withTenantScoped(boolean tenantScoped) {
		return new LockSettings(this.namespace, tenantScoped, this.defaultLease, this.maxPollInterval);
	}

	/**
	 * A copy with another default lease.
	 * @param defaultLease the default lease
	 * @return the new settings
	 */
	public LockSettings withDefaultLease(Duration defaultLease) {
		return new LockSettings(this.namespace, this.tenantScoped, defaultLease, this.maxPollInterval);
	}

	/**
	 * A copy with another longest waiter sleep.
	 * @param maxPollInterval the longest sleep
	 * @return the new settings
	 */
	public LockSettings withMaxPollInterval(Duration maxPollInterval) {
		return new LockSettings(this.namespace, this.tenantScoped, this.defaultLease, maxPollInterval);
	}

	private static void requirePositive(String what, Duration value) {
		Objects.requireNonNull(value, what);
		if (value.isNegative() || value.toMillis() < 1) {
			throw new DatabaseValidationException("Lock " + what + " must be at least 1 ms, not " + value);
		}
	}

}
