package io.dotmac.database.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.dotmac.database.tenant.TenantContext;

/**
 * Distributed locks as PostgreSQL advisory locks.
 * <p>
 * A lock name becomes a 64-bit key, the first 8 bytes of the SHA-256 digest of
 * {@code namespace:qualified name} ({@link LockKey#advisoryKey}), not {@code hashtext}, whose
 * 32 bits collide. The {@link AdvisoryLockScope scope} decides how long a lock lives:
 * transaction-scoped by default, which is safe behind a transaction-mode pooler, or
 * session-scoped on a dedicated connection.
 * <p>
 * A waiter blocks in PostgreSQL ({@code pg_advisory_xact_lock} with a transaction-local
 * {@code lock_timeout} of the remaining wait), so PostgreSQL grants the lock to it the moment the
 * holder's transaction or session ends: no polling. In a caller's transaction the wait runs in
 * a savepoint, so a timeout leaves the caller's transaction as it was.
 * <p>
 * Advisory locks touch no table, so Row-Level Security never restricts them, and the tenant
 * bound to the thread plays no part in the lock statements except through the lock's name
 * (tenant-qualified when {@link LockSettings#tenantScoped()}). A lock that joins the caller's
 * transaction runs in that transaction's tenant scope; a lock on a connection of its own runs
 * its statements with no tenant bound, so it works the same behind the
 * {@link io.dotmac.database.rls.RlsDataSource} hook with or without a tenant.
 * <p>
 * Advisory locks need no lease: {@link LockOptions#lease()} is ignored, and PostgreSQL ends a
 * lock when its holder's transaction or connection ends, including when the holder dies. They
 * have no fencing token either ({@link DistributedLock#fencingToken()} is empty): work done in
 * the lock's transaction commits only while the lock is held.
 */
public class PostgresAdvisoryLocks extends AbstractDistributedLocks {

	/** The provider's name in metrics and the endpoint. */
	public static final String PROVIDER = "postgresql";

	private static final Log logger = LogFactory.getLog(PostgresAdvisoryLocks.class);

	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private static final String HELD_SQL = "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
			+ " AND pid = pg_backend_pid() AND granted AND objsubid = 1"
			+ " AND classid = ?::bigint::oid AND objid = ?::bigint::oid)";

	private final DataSource dataSource;

	private final AdvisoryLockScope scope;

	/**
	 * Create a transaction-scoped provider with the default settings.
	 * @param dataSource the PostgreSQL data source
	 */
	public PostgresAdvisoryLocks(DataSource dataSource) {
		this(dataSource, LockSettings.defaults(), AdvisoryLockScope.TRANSACTION);
	}

	/**
	 * Create a provider.
	 * @param dataSource the PostgreSQL data source; for {@link AdvisoryLockScope#SESSION}, one
	 * that hands out dedicated, unpooled connections
	 * @param settings the settings
	 * @param scope how long a lock lives
	 */
	public PostgresAdvisoryLocks(DataSource dataSource, LockSettings settings, AdvisoryLockScope scope) {
		super(settings);
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.scope = Objects.requireNonNull(scope, "scope");
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	/**
	 * How long the locks live.
	 * @return the scope
	 */
	public AdvisoryLockScope getScope() {
		return this.scope;
	}

	@Override
	protected @Nullable LockHandle acquire(Attempt attempt) {
		long key = attempt.key().advisoryKey(getSettings().namespace());
		try {
			if (this.scope == AdvisoryLockScope.TRANSACTION && joinsCallerTransaction()) {
				return acquireInCallerTransaction(attempt, key);
			}
			try (TenantContext.Scope noTenant = TenantContext.clear()) {
				return acquireOnOwnConnection(attempt, key);
			}
		}
		catch (SQLException | RuntimeException ex) {
			if (ex instanceof LockException lockException) {
				throw lockException;
			}
			throw new LockUnavailableException("PostgreSQL could not be reached to acquire lock '"
					+ attempt.key().qualifiedName() + "'; the lock is not held: " + ex.getMessage(), ex);
		}
	}

	private boolean joinsCallerTransaction() {
		return TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.getResource(this.dataSource) instanceof ConnectionHolder;
	}

	private @Nullable LockHandle acquireInCallerTransaction(Attempt attempt, long key) throws SQLException {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			if (!tryOnce(connection, "pg_try_advisory_xact_lock", key)) {
				attempt.contended();
				if (!waitInSavepoint(connection, key, attempt.remainingNanos())) {
					return null;
				}
			}
			JoinedLock lock = new JoinedLock(attempt.key(), key);
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				// Told when the transaction ends, which is when PostgreSQL ends the lock.
				TransactionSynchronizationManager.registerSynchronization(lock);
			}
			return lock;
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	private @Nullable LockHandle acquireOnOwnConnection(Attempt attempt, long key) throws SQLException {
		boolean session = this.scope == AdvisoryLockScope.SESSION;
		Connection connection = this.dataSource.getConnection();
		boolean keep = false;
		try {
			connection.setAutoCommit(false);
			boolean acquired = tryOnce(connection, session ? "pg_try_advisory_lock" : "pg_try_advisory_xact_lock", key);
			if (!acquired) {
				attempt.contended();
				acquired = waitFor(connection, session ? "pg_advisory_lock" : "pg_advisory_xact_lock", key,
						attempt.remainingNanos());
			}
			if (!acquired) {
				connection.rollback();
				return null;
			}
			if (session) {
				// The session lock outlives the transaction that took it (and its lock_timeout).
				connection.commit();
				connection.setAutoCommit(true);
			}
			keep = true;
			return new OwnConnectionLock(attempt.key(), key, connection, session);
		}
		finally {
			if (!keep) {
				closeQuietly(connection);
			}
		}
	}

	private static boolean tryOnce(Connection connection, String function, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
			statement.setLong(1, key);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	/**
	 * Blocks in PostgreSQL until the lock is granted or the time is up. The transaction-local
	 * lock_timeout is set by a subquery that runs before the lock function (OFFSET 0 keeps the
	 * planner from folding it in).
	 */
	private static boolean waitFor(Connection connection, String function, long key, long nanos) throws SQLException {
		if (nanos <= 0) {
			return false;
		}
		long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
		String sql = "SELECT " + function + "(?) FROM (SELECT set_config('lock_timeout', ?, true) OFFSET 0) timeout";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			statement.setString(2, millis + "ms");
			statement.executeQuery().close();
			return true;
		}
		catch (SQLException ex) {
			if (LOCK_NOT_AVAILABLE.equals(ex.getSQLState())) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Waits in the caller's transaction inside a savepoint: a timeout rolls back to it, leaving
	 * the transaction usable; on success the caller's lock_timeout is put back.
	 */
	private static boolean waitInSavepoint(Connection connection, long key, long nanos) throws SQLException {
		if (nanos <= 0) {
			return false;
		}
		Savepoint savepoint = connection.setSavepoint();
		String previous;
		try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting('lock_timeout')");
				ResultSet result = statement.executeQuery()) {
			result.next();
			previous = result.getString(1);
		}
		boolean acquired;
		try {
			acquired = waitFor(connection, "pg_advisory_xact_lock", key, nanos);
		}
		catch (SQLException ex) {
			connection.rollback(savepoint);
			throw ex;
		}
		if (!acquired) {
			connection.rollback(savepoint);
			connection.releaseSavepoint(savepoint);
			return false;
		}
		try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
			statement.setString(1, previous);
			statement.executeQuery().close();
		}
		connection.releaseSavepoint(savepoint);
		return true;
	}

	private static boolean isHeldOn(Connection connection, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(HELD_SQL)) {
			statement.setLong(1, key >>> 32);
			statement.setLong(2, key & 0xFFFFFFFFL);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			logger.debug("Could not close a lock connection", ex);
		}
	}

	private LockUnavailableException unavailable(String operation, LockKey key, SQLException ex) {
		return new LockUnavailableException("PostgreSQL could not be reached to " + operation + " lock '"
				+ key.qualifiedName() + "': " + ex.getMessage(), ex);
	}

	/**
	 * A lock on a connection of its own: a transaction that the handle commits, or a session
	 * lock that it unlocks.
	 */
	private final class OwnConnectionLock extends LockHandle {

		private final long key;

		private final Connection connection;

		private final boolean session;

		OwnConnectionLock(LockKey lockKey, long key, Connection connection, boolean session) {
			super(PostgresAdvisoryLocks.this, lockKey);
			this.key = key;
			this.connection = connection;
			this.session = session;
		}

		@Override
		public OptionalLong fencingToken() {
			return OptionalLong.empty();
		}

		@Override
		public synchronized boolean isHeld() {
			if (isClosed()) {
				return false;
			}
			try (TenantContext.Scope noTenant = TenantContext.clear()) {
				return isHeldOn(this.connection, this.key);
			}
			catch (SQLException ex) {
				throw unavailable("check", key(), ex);
			}
		}

		@Override
		public boolean extend(Duration lease) {
			return isHeld();
		}

		@Override
		protected synchronized void release() {
			try (TenantContext.Scope noTenant = TenantContext.clear()) {
				if (this.session) {
					try (PreparedStatement statement = this.connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
						statement.setLong(1, this.key);
						statement.executeQuery().close();
					}
				}
				else {
					this.connection.commit();
					this.connection.setAutoCommit(true);
				}
				this.connection.close();
			}
			catch (SQLException ex) {
				// Ending the server session ends every lock it holds.
				try {
					this.connection.abort(Runnable::run);
				}
				catch (SQLException | RuntimeException abortFailure) {
					ex.addSuppressed(abortFailure);
				}
				closeQuietly(this.connection);
				throw unavailable("release", key(), ex);
			}
		}

	}

	/**
	 * A lock in the caller's transaction: it ends when the transaction does. Closing the handle
	 * releases nothing early (PostgreSQL cannot release a transaction-level advisory lock before
	 * the transaction ends); it only marks the handle as done.
	 */
	private final class JoinedLock extends LockHandle implements TransactionSynchronization {

		private final long key;

		private volatile boolean completed;

		JoinedLock(LockKey lockKey, long key) {
			super(PostgresAdvisoryLocks.this, lockKey);
			this.key = key;
		}

		@Override
		public OptionalLong fencingToken() {
			return OptionalLong.empty();
		}

		@Override
		public boolean isHeld() {
			if (this.completed || !TransactionSynchronizationManager.isActualTransactionActive()) {
				return false;
			}
			Connection connection = DataSourceUtils.getConnection(PostgresAdvisoryLocks.this.dataSource);
			try {
				return isHeldOn(connection, this.key);
			}
			catch (SQLException ex) {
				throw unavailable("check", key(), ex);
			}
			finally {
				DataSourceUtils.releaseConnection(connection, PostgresAdvisoryLocks.this.dataSource);
			}
		}

		@Override
		public boolean extend(Duration lease) {
			return isHeld();
		}

		@Override
		protected void release() {
			// Ends with the transaction.
		}

		@Override
		public void afterCompletion(int status) {
			this.completed = true;
			forget();
		}

	}

}
