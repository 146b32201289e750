package io.dotmac.database.tenant;

import java.io.Serial;

import io.dotmac.database.DatabaseValidationException;

/**
 * Thrown when text that should be a tenant id is not one. The message says what is wrong
 * but never repeats the rejected text, which may be hostile. At the HTTP edge this is a 400.
 */
public class InvalidTenantIdException extends DatabaseValidationException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what is wrong, without the rejected text
	 */
	public InvalidTenantIdException(String message) {
		super(message);
	}

}
