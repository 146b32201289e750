package io.dotmac.database.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.dotmac.database.lock.AdvisoryLockScope;
import io.dotmac.database.lock.LockSettings;

/**
 * Configuration of the distributed locks, under {@code dotmac.database.lock}.
 */
@ConfigurationProperties("dotmac.database.lock")
public class LockProperties {

	/**
	 * Whether to provide a DistributedLocks bean (and its adapters, endpoint and meters).
	 */
	private boolean enabled = true;

	/**
	 * Backend of the locks. 'auto' uses Redis when a RedisConnectionFactory bean exists,
	 * otherwise PostgreSQL advisory locks on the application's DataSource.
	 */
	private Provider provider = Provider.AUTO;

	/**
	 * Prefix that separates this application's locks from others' on the same Redis or
	 * PostgreSQL: the Redis key prefix, and part of the hashed advisory-lock key.
	 */
	private String namespace = "dotmac";

	/**
	 * Whether a lock name is qualified by the tenant bound when the lock is taken, so that
	 * tenants never contend for each other's locks. In the system scope, or with no tenant
	 * bound, names are global either way.
	 */
	private boolean tenantScoped = true;

	/**
	 * Lease of a Redis lock taken without one: how long the lock outlives a holder that dies.
	 * Renewed every third of the lease while the lock is held.
	 */
	private Duration defaultLease = Duration.ofSeconds(30);

	/**
	 * Longest a Redis lock waiter sleeps before it asks again, in case a release notification
	 * was lost. Waiters are normally woken by the release itself.
	 */
	private Duration maxPollInterval = Duration.ofSeconds(1);

	private final Postgresql postgresql = new Postgresql();

	/**
	 * Return whether the locks are enabled.
	 * @return {@code true} if they are
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether the locks are enabled.
	 * @param enabled {@code true} to provide locks
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the backend.
	 * @return the backend
	 */
	public Provider getProvider() {
		return this.provider;
	}

	/**
	 * Set the backend.
	 * @param provider the backend
	 */
	public void setProvider(Provider provider) {
		this.provider = provider;
	}

	/**
	 * Return the namespace.
	 * @return the namespace
	 */
	public String getNamespace() {
		return this.namespace;
	}

	/**
	 * Set the namespace.
	 * @param namespace the namespace
	 */
	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	/**
	 * Return whether names are qualified by tenant.
	 * @return {@code true} if they are
	 */
	public boolean isTenantScoped() {
		return this.tenantScoped;
	}

	/**
	 * Set whether names are qualified by tenant.
	 * @param tenantScoped {@code true} to qualify names by tenant
	 */
	public void setTenantScoped(boolean tenantScoped) {
		this.tenantScoped = tenantScoped;
	}

	/**
	 * Return the default lease.
	 * @return the lease
	 */
	public Duration getDefaultLease() {
		return this.defaultLease;
	}

	/**
	 * Set the default lease.
	 * @param defaultLease the lease
	 */
	public void setDefaultLease(Duration defaultLease) {
		this.defaultLease = defaultLease;
	}

	/**
	 * Return the longest waiter sleep.
	 * @return the interval
	 */
	public Duration getMaxPollInterval() {
		return this.maxPollInterval;
	}

	/**
	 * Set the longest waiter sleep.
	 * @param maxPollInterval the interval
	 */
	public void setMaxPollInterval(Duration maxPollInterval) {
		this.maxPollInterval = maxPollInterval;
	}

	/**
	 * Return the PostgreSQL settings.
	 * @return the settings
	 */
	public Postgresql getPostgresql() {
		return this.postgresql;
	}

	/**
	 * The settings as the library takes them.
	 * @return the settings
	 * @throws io.dotmac.database.DatabaseValidationException if a value is invalid
	 */
	public LockSettings toSettings() {
		return new LockSettings(this.namespace, this.tenantScoped, this.defaultLease, this.maxPollInterval);
	}

	/**
	 * The backend of the locks.
	 */
	public enum Provider {

		/** Redis when a RedisConnectionFactory bean exists, otherwise PostgreSQL. */
		AUTO,

		/** Redis: SET NX PX with an owner token, fencing tokens, lease renewal. */
		REDIS,

		/** PostgreSQL advisory locks. */
		POSTGRESQL

	}

	/**
	 * PostgreSQL advisory-lock settings.
	 */
	public static class Postgresql {

		/**
		 * How long an advisory lock lives. 'transaction' joins the caller's transaction, or
		 * holds a transaction of its own, and is safe behind a transaction-mode pooler.
		 * 'session' holds a dedicated, unpooled connection (made from the application's JDBC
		 * connection details) for the lock's life.
		 */
		private AdvisoryLockScope scope = AdvisoryLockScope.TRANSACTION;

		/**
		 * Return the scope.
		 * @return the scope
		 */
		public AdvisoryLockScope getScope() {
			return this.scope;
		}

		/**
		 * Set the scope.
		 * @param scope the scope
		 */
		public void setScope(AdvisoryLockScope scope) {
			this.scope = scope;
		}

	}

}
