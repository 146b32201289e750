package io.dotmac.database.rls;

/**
 * What the connection hook does with a statement that runs for a tenant (or in the system
 * scope) on a connection in auto-commit mode, that is outside any transaction: for
 * example a {@code JdbcTemplate} call without {@code @Transactional}.
 * <p>
 * Transaction-local settings need a transaction, and setting a session-level value for
 * the one statement and resetting it afterwards is not safe behind a transaction-mode
 * pooler, which may run the three statements on three server connections. Tenant-less
 * auto-commit statements always run as they are: nothing carries a tenant for them. In
 * {@link RlsMode#SESSION session mode} the tenant is a session setting anyway, so the policy
 * applies only to the system scope, whose role switch is always transaction-local.
 */
public enum AutoCommitPolicy {

	/**
	 * Run the statement in a short transaction of its own: auto-commit off, the tenant
	 * setting, the statement, commit (rollback on failure), auto-commit back on. The
	 * statement sees exactly the result it would have seen in auto-commit mode, at the
	 * cost of two extra round trips (the setting and the commit); results are read
	 * completely before the commit, as in auto-commit mode. A prepared statement in
	 * transaction mode with {@link RlsSettings#foldIntoFirstStatement() folding} on costs
	 * nothing extra: the setting and the statement go in one round trip, which PostgreSQL
	 * runs as one implicit transaction. The default.
	 */
	WRAP,

	/**
	 * Refuse the statement with a {@link TenantTransactionRequiredException}, so that all
	 * tenant work runs in explicit transactions (one extra round trip each).
	 */
	REJECT

}
