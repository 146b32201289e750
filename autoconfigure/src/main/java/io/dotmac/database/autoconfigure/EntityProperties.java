package io.dotmac.database.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the base entities, under {@code dotmac.database.entity}.
 */
@ConfigurationProperties("dotmac.database.entity")
public class EntityProperties {

	private final Auditing auditing = new Auditing();

	/**
	 * Return the auditing settings.
	 * @return the auditing settings
	 */
	public Auditing getAuditing() {
		return this.auditing;
	}

	/**
	 * Auditing of {@code created_by} and {@code updated_by}.
	 */
	public static class Auditing {

		/**
		 * Whether to enable Spring Data JPA auditing, unless the application enables it
		 * itself with {@code @EnableJpaAuditing}, and to supply an auditor from Spring
		 * Security's authenticated principal, unless the application defines an
		 * AuditorAware bean.
		 */
		private boolean enabled = true;

		/**
		 * Return whether auditing is enabled.
		 * @return whether auditing is enabled
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether auditing is enabled.
		 * @param enabled whether auditing is enabled
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
