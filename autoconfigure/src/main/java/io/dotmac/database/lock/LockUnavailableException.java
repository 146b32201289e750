package io.dotmac.database.lock;

import org.jspecify.annotations.Nullable;

/**
 * The lock's backend (Redis or PostgreSQL) could not be reached or failed while a lock was
 * being acquired, so the lock was <em>not</em> acquired: locks fail closed. The caller must not
 * run the work the lock protects; retrying later is safe.
 */
public class LockUnavailableException extends LockException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what went wrong, naming the lock and the backend
	 * @param cause the backend's failure
	 */
	public LockUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
