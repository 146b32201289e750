package io.dotmac.database;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when dotmac-database cannot begin, prepare, commit or roll back a transaction,
 * for example when it cannot apply per-transaction settings to a connection.
 * <p>
 * Failures that Spring itself reports (an {@code UnexpectedRollbackException}, a
 * {@code CannotCreateTransactionException}) keep their Spring types; this one covers what
 * dotmac-database adds on top of Spring's transaction handling.
 */
public class DatabaseTransactionException extends DatabaseException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message.
	 * @param message what went wrong, without credentials
	 */
	public DatabaseTransactionException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a message and a cause.
	 * @param message what went wrong, without credentials
	 * @param cause the underlying failure, if any
	 */
	public DatabaseTransactionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
