package io.dotmac.database.jdbc;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The values of PostgreSQL's {@code sslmode} connection parameter, as understood by both
 * libpq and the PostgreSQL JDBC driver.
 */
public enum SslMode {

	/** Only try a non-SSL connection. */
	DISABLE("disable"),

	/** First try a non-SSL connection; if that fails, try an SSL connection. */
	ALLOW("allow"),

	/** First try an SSL connection; if that fails, try a non-SSL connection. */
	PREFER("prefer"),

	/** Only try an SSL connection, without verifying the server certificate. */
	REQUIRE("require"),

	/** Only try an SSL connection, and verify that the server certificate is trusted. */
	VERIFY_CA("verify-ca"),

	/** Only try an SSL connection, verify the certificate and that it names the host. */
	VERIFY_FULL("verify-full");

	private final String value;

	SslMode(String value) {
		this.value = value;
	}

	/**
	 * Return the value as it appears in a connection URL.
	 * @return the parameter value, for example {@code verify-full}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Return the mode for a parameter value, ignoring case.
	 * @param value the parameter value, for example {@code require}
	 * @return the mode, or {@code null} if the value names none
	 */
	public static @Nullable SslMode fromValue(String value) {
		String lowerCase = value.toLowerCase(Locale.ROOT);
		for (SslMode mode : values()) {
			if (mode.value.equals(lowerCase)) {
				return mode;
			}
		}
		return null;
	}

}
