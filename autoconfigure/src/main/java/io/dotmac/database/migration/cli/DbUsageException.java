package io.dotmac.database.migration.cli;

/**
 * The arguments do not form a valid {@code db} command; nothing was run.
 */
final class DbUsageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String command;

	DbUsageException(String message, String command) {
		super(message);
		this.command = command;
	}

	/**
	 * The command whose help explains the usage, or {@code ""} for the overview.
	 * @return the command name
	 */
	String command() {
		return this.command;
	}

}
