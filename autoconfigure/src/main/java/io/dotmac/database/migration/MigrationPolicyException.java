package io.dotmac.database.migration;

/**
 * An environment policy refused an operation (a downgrade in production, say). Nothing was
 * changed; the message names the property that would allow it.
 */
public class MigrationPolicyException extends MigrationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message the refused operation and the property that allows it
	 */
	public MigrationPolicyException(String message) {
		super(message, null, null, null, null);
	}

}
