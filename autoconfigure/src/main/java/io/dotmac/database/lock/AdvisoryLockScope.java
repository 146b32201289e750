package io.dotmac.database.lock;

/**
 * How long a PostgreSQL advisory lock lives.
 */
public enum AdvisoryLockScope {

	/**
	 * Until the end of a transaction ({@code pg_try_advisory_xact_lock}). Inside a Spring
	 * transaction on the provider's {@code DataSource} the lock joins that transaction and ends
	 * with its commit or rollback; otherwise the lock opens a transaction of its own on a
	 * connection it holds until the handle is closed, which commits it. Safe behind a
	 * transaction-mode pooler (PgBouncer), which keeps a server connection for a transaction.
	 * The default.
	 */
	TRANSACTION,

	/**
	 * Until released or until the connection ends ({@code pg_try_advisory_lock}), on a connection
	 * that the lock holds for its whole life. Use it only with a data source that hands out
	 * dedicated server connections: behind a transaction-mode pooler a session lock stays on a
	 * server connection that other clients then use, and a connection returned to a pool with
	 * the lock still on it keeps the lock.
	 */
	SESSION

}
