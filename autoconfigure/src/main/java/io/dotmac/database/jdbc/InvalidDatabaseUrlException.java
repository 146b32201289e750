package io.dotmac.database.jdbc;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;

/**
 * Thrown when a database URL cannot be parsed or built: an unknown scheme, no host, a bad
 * port, a bad percent-escape, empty input.
 * <p>
 * The message names the problem and, where known, where the URL came from (for example
 * {@code DATABASE_URL}). It never repeats any part of the rejected URL except its scheme,
 * because a malformed URL cannot be split reliably into the parts that are secret and the
 * parts that are not.
 */
public class InvalidDatabaseUrlException extends DatabaseValidationException {

	private static final long serialVersionUID = 1L;

	private final String problem;

	private final @Nullable String origin;

	/**
	 * Create an exception for a URL of unknown origin.
	 * @param problem what is wrong, for example "the port must be a number between 1 and
	 * 65535"; must not contain any part of the URL other than its scheme
	 */
	public InvalidDatabaseUrlException(String problem) {
		this(problem, null, null);
	}

	/**
	 * Create an exception for a URL from a known origin.
	 * @param problem what is wrong; must not contain any part of the URL other than its
	 * scheme
	 * @param origin where the URL came from, for example {@code DATABASE_URL}, or
	 * {@code null} if unknown
	 * @param cause the underlying failure, if any
	 */
	public InvalidDatabaseUrlException(String problem, @Nullable String origin, @Nullable Throwable cause) {
		super(message(problem, origin), cause);
		this.problem = problem;
		this.origin = origin;
	}

	private static String message(String problem, @Nullable String origin) {
		return (origin != null) ? "Invalid database URL in " + origin + ": " + problem
				: "Invalid database URL: " + problem;
	}

	/**
	 * Return a copy of this exception that names where the URL came from.
	 * @param origin where the URL came from, for example {@code DATABASE_URL}
	 * @return a new exception with the same problem, the given origin and this exception
	 * as its cause
	 */
	public InvalidDatabaseUrlException withOrigin(String origin) {
		return new InvalidDatabaseUrlException(this.problem, origin, this);
	}

	/**
	 * Return what is wrong with the URL.
	 * @return the problem, without any part of the URL other than its scheme
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * Return where the URL came from.
	 * @return the origin, for example {@code DATABASE_URL}, or {@code null} if unknown
	 */
	public @Nullable String getOrigin() {
		return this.origin;
	}

}
