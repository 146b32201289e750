package io.dotmac.database.embedded.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Switches for the embedded dev services. Each service also stays off on its own whenever the
 * application configures a server of that kind.
 */
@ConfigurationProperties("dotmac.database.embedded")
public class EmbeddedServicesProperties {

	private final Postgres postgres = new Postgres();

	private final Redis redis = new Redis();

	/**
	 * Embedded PostgreSQL settings.
	 * @return the PostgreSQL settings
	 */
	public Postgres getPostgres() {
		return this.postgres;
	}

	/**
	 * Embedded Redis settings.
	 * @return the Redis settings
	 */
	public Redis getRedis() {
		return this.redis;
	}

	/**
	 * Embedded PostgreSQL settings.
	 */
	public static class Postgres {

		/**
		 * Whether to start an embedded PostgreSQL server when neither "spring.datasource.url" nor
		 * DATABASE_URL is set and no JdbcConnectionDetails bean exists.
		 */
		private boolean enabled = true;

		/**
		 * Whether the embedded PostgreSQL dev service may start.
		 * @return {@code true} unless switched off
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets whether the embedded PostgreSQL dev service may start.
		 * @param enabled {@code false} to switch it off
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Embedded Redis settings.
	 */
	public static class Redis {

		/**
		 * Whether to start an embedded Redis server when no "spring.data.redis" host, port, url,
		 * cluster, sentinel or master-replica nodes are set and no DataRedisConnectionDetails bean
		 * exists.
		 */
		private boolean enabled = true;

		/**
		 * Whether the embedded Redis dev service may start.
		 * @return {@code true} unless switched off
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets whether the embedded Redis dev service may start.
		 * @param enabled {@code false} to switch it off
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
