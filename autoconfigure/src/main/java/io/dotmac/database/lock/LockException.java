package io.dotmac.database.lock;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseException;

/**
 * Base type of the exceptions the distributed locks throw.
 */
public class LockException extends DatabaseException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what went wrong
	 * @param cause the underlying failure, if any
	 */
	public LockException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
