package io.dotmac.database.rls;

/**
 * How the connection hook carries the tenant to PostgreSQL.
 */
public enum RlsMode {

	/**
	 * The tenant is set with {@code set_config(setting, tenant, true)} as the first
	 * statement of every transaction that works for a tenant. The setting is
	 * transaction-local: PostgreSQL forgets it at commit or rollback, so nothing survives
	 * on the connection, and the mode is safe behind a pooler in transaction mode
	 * (PgBouncer {@code pool_mode=transaction}). Costs one round trip per tenant
	 * transaction. The default.
	 */
	TRANSACTION,

	/**
	 * The tenant is set with a session-level {@code set_config(setting, tenant, false)}
	 * and remembered per physical connection, so a connection that already carries the
	 * right tenant costs nothing, and one that carries another tenant (or any tenant,
	 * before tenant-less work) is reset first. Only for direct connections or a pooler in
	 * session mode: behind a transaction-mode pooler the server connection under a session
	 * changes and the remembered value is wrong. Anything that reaches a pooled physical
	 * connection without going through the hook (a {@code DataSource} unwrapped to the
	 * pool) may find the last tenant's setting on it.
	 */
	SESSION

}
