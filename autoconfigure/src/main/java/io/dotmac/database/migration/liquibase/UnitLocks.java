package io.dotmac.database.migration.liquibase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.engine.MigrationLocks;

/**
 * The PostgreSQL advisory lock that serialises work on one (schema, module): migrations,
 * downgrades and stamps of the same module in the same schema wait for each other, work on
 * other schemas or modules does not. Transaction-scoped ({@code pg_advisory_xact_lock}): the
 * lock ends with the transaction, whatever happens to the process, so no lock is ever left
 * behind (unlike Liquibase's {@code DATABASECHANGELOGLOCK} row).
 * <p>
 * Every component that changes a unit must lock it through this class, so that they all use
 * the same key.
 */
public final class UnitLocks {

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private UnitLocks() {
	}

	/**
	 * The 64-bit advisory lock key of a unit, the engine's {@link MigrationLocks#key}, so that
	 * a downgrade and an upgrade of the same unit wait for each other.
	 * @param schema the unquoted schema
	 * @param module the module name
	 * @return the key
	 */
	public static long advisoryKey(String schema, String module) {
		// The engine's key: upgrades, downgrades and stamps of one unit must exclude each other.
		return MigrationLocks.key(schema, module);
	}

	/**
	 * Take a unit's lock in the connection's current transaction (auto-commit must be off),
	 * waiting at most the given time.
	 * @param connection the connection, in a transaction
	 * @param schema the unquoted schema
	 * @param module the module name
	 * @param timeout how long to wait for another holder
	 * @return how long it waited ({@link Duration#ZERO} when the lock was free)
	 * @throws LockTimeoutException when the wait timed out (the transaction is then aborted)
	 * @throws SQLException when PostgreSQL fails
	 */
	public static Duration lock(Connection connection, String schema, String module, Duration timeout)
			throws SQLException {
		long key = advisoryKey(schema, module);
		if (queryBoolean(connection, "SELECT pg_try_advisory_xact_lock(?)", key)) {
			return Duration.ZERO;
		}
		long started = System.nanoTime();
		String previous = queryString(connection, "SELECT current_setting('lock_timeout')");
		setLocal(connection, "lock_timeout", Math.max(1, timeout.toMillis()) + "ms");
		try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
			statement.setLong(1, key);
			statement.execute();
		}
		catch (SQLException ex) {
			if (LOCK_NOT_AVAILABLE.equals(ex.getSQLState())) {
				throw new LockTimeoutException("Schema '" + schema + "', module '" + module
						+ "' is locked by another migration runner for longer than " + timeout
						+ " (dotmac.database.migrations.lock-wait-timeout); try again when it has finished", ex);
			}
			throw ex;
		}
		setLocal(connection, "lock_timeout", previous);
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/**
	 * Whether this connection holds a unit's lock.
	 * @param connection the connection
	 * @param schema the unquoted schema
	 * @param module the module name
	 * @return {@code true} when held by this session
	 * @throws SQLException when PostgreSQL fails
	 */
	public static boolean isHeld(Connection connection, String schema, String module) throws SQLException {
		long key = advisoryKey(schema, module);
		try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_locks"
				+ " WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1"
				+ " AND classid = ?::bigint::oid AND objid = ?::bigint::oid)")) {
			statement.setLong(1, key >>> 32);
			statement.setLong(2, key & 0xFFFFFFFFL);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	static void setLocal(Connection connection, String setting, String value) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
			statement.setString(1, setting);
			statement.setString(2, value);
			statement.execute();
		}
	}

	static String queryString(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
			result.next();
			return result.getString(1);
		}
	}

	private static boolean queryBoolean(Connection connection, String sql, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	/**
	 * A unit's lock was not granted in time: another runner works on the unit. SQL state
	 * {@code 55P03} (lock not available).
	 */
	public static final class LockTimeoutException extends SQLException {

		private static final long serialVersionUID = 1L;

		LockTimeoutException(String message, SQLException cause) {
			super(message, LOCK_NOT_AVAILABLE, cause);
		}

		/**
		 * The lock timeout among the causes of a failure.
		 * @param failure a failure
		 * @return the timeout, or {@code null} when the failure is something else
		 */
		public static @Nullable LockTimeoutException find(Throwable failure) {
			for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
				if (cause instanceof LockTimeoutException timeout) {
					return timeout;
				}
			}
			return null;
		}

	}

}
