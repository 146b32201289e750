package io.dotmac.database.schema;

import javax.sql.DataSource;

import io.dotmac.database.rls.ScopedDataSource;

/**
 * Schema-per-tenant routing: a {@link DataSource} that wraps the application's (one shared
 * pool for all tenants) and points {@code search_path} at the current tenant's schema, so
 * that JPA, Spring Data, {@code JdbcTemplate} and native SQL with unqualified table names
 * all land in that schema.
 * <p>
 * It is the same connection hook as Row-Level Security's
 * ({@link io.dotmac.database.rls.RlsDataSource}), with {@code search_path} as what it writes:
 * <ul>
 * <li>{@link io.dotmac.database.rls.RlsMode#TRANSACTION transaction mode} (default):
 * {@code set_config('search_path', '"t_acme", <shared>', true)} before the first statement of
 * each transaction; it ends with the transaction, so it is safe behind PgBouncer in
 * transaction mode. Statements outside a transaction run in a short transaction of their
 * own (or are refused, as the {@link io.dotmac.database.rls.AutoCommitPolicy} says).</li>
 * <li>{@link io.dotmac.database.rls.RlsMode#SESSION session mode}: the session's path is set
 * when a unit of work starts and skipped when the physical connection already has it.</li>
 * </ul>
 * Tenant-less work and the system scope always get the shared schemas alone (an empty path
 * when none are shared), written the same way, so they never see a tenant's tables and
 * never fall through to {@code public}. A tenant whose schema does not exist fails with
 * {@link TenantSchemaNotFoundException} before its first statement runs. A transaction is
 * pinned to the tenant it started with: a statement for another tenant fails with a
 * {@link io.dotmac.database.rls.TenantMismatchException}.
 */
public class SchemaDataSource extends ScopedDataSource {

	/**
	 * Wrap a data source with the {@link SchemaSettings#defaults() default settings}.
	 * @param targetDataSource the application's data source
	 */
	public SchemaDataSource(DataSource targetDataSource) {
		this(targetDataSource, SchemaSettings.defaults());
	}

	/**
	 * Wrap a data source.
	 * @param targetDataSource the application's data source
	 * @param settings naming, shared schemas and mode
	 */
	public SchemaDataSource(DataSource targetDataSource, SchemaSettings settings) {
		super(targetDataSource, new SearchPathApplier(settings));
	}

	/**
	 * The settings this data source routes with.
	 * @return the settings
	 */
	public SchemaSettings getSettings() {
		return ((SearchPathApplier) getApplier()).settings();
	}

}
