package io.dotmac.database.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the read replica, under {@code dotmac.database.replica}.
 * <p>
 * Setting {@code url} turns on the read/write split: transactions marked
 * {@code readOnly = true} use a separate, read-only Hikari pool on the replica; everything
 * else uses the primary. Further Hikari settings of the replica pool go under
 * {@code dotmac.database.replica.hikari.*} (for example
 * {@code dotmac.database.replica.hikari.minimum-idle}); they are bound last and win over
 * the settings here and over the pool defaults.
 */
@ConfigurationProperties("dotmac.database.replica")
public class ReplicaProperties {

	/**
	 * URL of the read replica, as a JDBC URL (jdbc:postgresql://host:5432/db) or in the
	 * form platforms use (postgres://user:password@host:5432/db?sslmode=require). Setting
	 * it sends read-only transactions to the replica.
	 */
	private @Nullable String url;

	/**
	 * Login user of the replica. Overrides a user name in the URL.
	 */
	private @Nullable String username;

	/**
	 * Login password of the replica. Overrides a password in the URL.
	 */
	private @Nullable String password;

	/**
	 * Maximum number of connections in the replica pool. Unset means Hikari's default of
	 * 10.
	 */
	private @Nullable Integer maximumPoolSize;

	/**
	 * Return the URL of the replica.
	 * @return the URL, or {@code null} if no replica is configured
	 */
	public @Nullable String getUrl() {
		return this.url;
	}

	/**
	 * Set the URL of the replica.
	 * @param url the URL
	 */
	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	/**
	 * Return the login user of the replica.
	 * @return the user, or {@code null} to use the one in the URL
	 */
	public @Nullable String getUsername() {
		return this.username;
	}

	/**
	 * Set the login user of the replica.
	 * @param username the user
	 */
	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	/**
	 * Return the login password of the replica.
	 * @return the password, or {@code null} to use the one in the URL
	 */
	public @Nullable String getPassword() {
		return this.password;
	}

	/**
	 * Set the login password of the replica.
	 * @param password the password
	 */
	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	/**
	 * Return the maximum number of connections in the replica pool.
	 * @return the maximum, or {@code null} for Hikari's default
	 */
	public @Nullable Integer getMaximumPoolSize() {
		return this.maximumPoolSize;
	}

	/**
	 * Set the maximum number of connections in the replica pool.
	 * @param maximumPoolSize the maximum
	 */
	public void setMaximumPoolSize(@Nullable Integer maximumPoolSize) {
		this.maximumPoolSize = maximumPoolSize;
	}

}
