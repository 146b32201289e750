package io.dotmac.database.entity;

import java.io.Serial;

import io.dotmac.database.DatabaseException;

/**
 * Thrown when a {@link SoftDeletable} entity is about to be removed physically through
 * {@code EntityManager.remove} (directly, by a derived {@code deleteBy...} query or by a
 * cascade). Nothing is deleted. See {@link SoftDeleteGuard}.
 */
public class HardDeleteRefusedException extends DatabaseException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message which entity and what to do instead
	 */
	public HardDeleteRefusedException(String message) {
		super(message);
	}

}
