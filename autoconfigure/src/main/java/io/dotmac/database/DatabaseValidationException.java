package io.dotmac.database;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when dotmac-database rejects input before it reaches the database: a malformed
 * database URL, an invalid identifier, a configuration value out of range.
 * <p>
 * Retrying does not help; the input has to change. The message names the problem, never
 * the rejected value when that value may hold a credential.
 */
public class DatabaseValidationException extends DatabaseException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message.
	 * @param message what is wrong with the input, without credentials
	 */
	public DatabaseValidationException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a message and a cause.
	 * @param message what is wrong with the input, without credentials
	 * @param cause the underlying failure, if any
	 */
	public DatabaseValidationException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
