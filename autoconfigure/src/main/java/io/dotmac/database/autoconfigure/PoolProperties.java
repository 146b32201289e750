package io.dotmac.database.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the connection pool defaults, under {@code dotmac.database.pool}.
 * <p>
 * The defaults themselves, and why they were chosen, are described on
 * {@link io.dotmac.database.jdbc.HikariPoolDefaults}. They reach the application's Hikari
 * pool as {@code spring.datasource.hikari.*} properties of lowest precedence, so any
 * {@code spring.datasource.hikari.*} setting of the user wins, and they are applied to the
 * read replica pool where its settings are still at Hikari's defaults.
 */
@ConfigurationProperties("dotmac.database.pool")
public class PoolProperties {

	/**
	 * Whether to give Hikari pools dotmac's production defaults (keepalive 60 s, max
	 * lifetime 20 min, leak detection 2 min, connection timeout 5 s, validation timeout 2 s)
	 * for every setting the user left unset.
	 */
	private boolean defaultsEnabled = true;

	/**
	 * Return whether the production defaults are applied.
	 * @return whether the production defaults are applied
	 */
	public boolean isDefaultsEnabled() {
		return this.defaultsEnabled;
	}

	/**
	 * Set whether the production defaults are applied.
	 * @param defaultsEnabled whether the production defaults are applied
	 */
	public void setDefaultsEnabled(boolean defaultsEnabled) {
		this.defaultsEnabled = defaultsEnabled;
	}

}
