package io.dotmac.database.tenant;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseException;

/**
 * Base type of the exceptions about tenant context: work that needs a tenant has none, a
 * tenant is unknown or suspended, the tenant changed under an open connection.
 * (A malformed tenant id is an {@link InvalidTenantIdException}, a validation error.)
 */
public abstract class TenantException extends DatabaseException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what went wrong
	 */
	protected TenantException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a cause.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	protected TenantException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
