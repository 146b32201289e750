package io.dotmac.database;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * Base type of every exception that dotmac-database throws.
 * <p>
 * It extends Spring's {@link DataAccessException}, so existing handlers for Spring's data
 * access exceptions (an {@code @ExceptionHandler(DataAccessException.class)}, a
 * translating repository, a retry policy) see these exceptions too, while code that cares
 * about dotmac-database can catch this type or one of its subtypes:
 * <pre>{@code
 * try {
 *     service.importCustomers(file);
 * }
 * catch (DatabaseTransactionException ex) { ... }
 * catch (DatabaseValidationException ex) { ... }
 * catch (DatabaseException ex) { ... }
 * }</pre>
 * <p>
 * It deliberately extends neither {@code TransientDataAccessException} nor
 * {@code NonTransientDataAccessException}: subtypes added by later features (tenant,
 * migration) may be either, and a transient condition should use, or extend, the matching
 * Spring type. Messages never contain passwords or other credentials.
 */
public abstract class DatabaseException extends DataAccessException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception with a message.
	 * @param message what went wrong, without credentials
	 */
	protected DatabaseException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a message and a cause.
	 * @param message what went wrong, without credentials
	 * @param cause the underlying failure, if any
	 */
	protected DatabaseException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
