package io.dotmac.database.cache;

/**
 * Redis did not answer, or the circuit is open: the caller falls back (a miss, a skipped
 * write). Never leaves the package; carries no stack trace, as it is expected.
 */
final class RedisUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	RedisUnavailableException() {
		super(null, null, false, false);
	}

}
