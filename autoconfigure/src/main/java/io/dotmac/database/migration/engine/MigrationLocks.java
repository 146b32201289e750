package io.dotmac.database.migration.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The PostgreSQL advisory lock key of a (schema, module): every runner of this library (the
 * engine, a downgrade, the command line), in every instance, takes this key before it touches
 * the module's history in the schema, so two of them never work on the same unit at once. The
 * key is the first 64 bits of SHA-256 over {@code dotmac.migration:<schema>:<module>}; a
 * collision only makes two units take turns.
 */
public final class MigrationLocks {

	private MigrationLocks() {
	}

	/**
	 * The advisory lock key of a unit, for {@code pg_advisory_xact_lock(bigint)} (or the
	 * session-level {@code pg_advisory_lock(bigint)}; the two conflict).
	 * @param schema the unquoted schema
	 * @param module the module name
	 * @return the key
	 */
	public static long key(String schema, String module) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(("dotmac.migration:" + schema + ":" + module).getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.wrap(digest).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
