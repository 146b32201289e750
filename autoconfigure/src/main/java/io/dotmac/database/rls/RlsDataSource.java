package io.dotmac.database.rls;

import javax.sql.DataSource;

/**
 * The connection hook: a {@link DataSource} that wraps the application's, so that every
 * statement runs with the thread's {@link io.dotmac.database.tenant.TenantContext tenant
 * context} in the PostgreSQL setting that the tenant policies read. Because it sits at
 * the {@code DataSource}, it covers JPA and Hibernate, Spring Data, {@code JdbcTemplate},
 * {@code JdbcClient}, native queries and plain JDBC alike; application code never sets
 * the tenant itself.
 * <p>
 * What happens, by {@link RlsSettings#mode() mode}:
 * <ul>
 * <li>{@link RlsMode#TRANSACTION} (default): the first statement of a transaction is
 * preceded by {@code SELECT set_config(setting, tenant, true)}, one round trip; the
 * setting ends with the transaction. A transaction without a tenant writes nothing and
 * sees no tenant rows.</li>
 * <li>{@link RlsMode#SESSION}: the session-level setting is made to match before the
 * first statement of each transaction (or each auto-commit statement), and the value on
 * each physical connection is remembered, so a connection that already carries the right
 * tenant costs nothing. A connection is reset to empty before tenant-less work.</li>
 * </ul>
 * In the system scope ({@link io.dotmac.database.tenant.TenantContext#runAsSystem}) the
 * transaction switches to the {@link RlsSettings#systemRole() system role} with
 * {@code SET LOCAL ROLE}, whose own policy sees every row; the application role's tenant
 * policy stays a plain, indexable comparison. Statements outside a transaction are
 * handled as the {@link AutoCommitPolicy} says.
 * <p>
 * The scope is fixed when a transaction's first statement runs. A later statement of the
 * same transaction from a thread that works for another tenant, for the system scope or
 * for none fails with a {@link TenantMismatchException} instead of running with the
 * wrong tenant.
 * <p>
 * Wrap the outermost {@code DataSource} that the application uses, above Spring's
 * {@link org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy} when there is
 * one: the setting is written when the first statement runs, after the transaction
 * manager has chosen a read-only or read-write connection, so read-only transactions on a
 * replica carry the tenant too. {@link #unwrap} and {@link #isWrapperFor} reach the pool,
 * so pool metrics and health checks keep working.
 */
public class RlsDataSource extends ScopedDataSource {

	/**
	 * Wrap a data source with the {@link RlsSettings#defaults() default settings}.
	 * @param targetDataSource the application's data source
	 */
	public RlsDataSource(DataSource targetDataSource) {
		this(targetDataSource, RlsSettings.defaults());
	}

	/**
	 * Wrap a data source.
	 * @param targetDataSource the application's data source
	 * @param settings the setting name, system role and mode
	 */
	public RlsDataSource(DataSource targetDataSource, RlsSettings settings) {
		super(targetDataSource, new TenantSettingApplier(settings));
	}

	/**
	 * The settings this data source works with.
	 * @return the settings
	 */
	public RlsSettings getSettings() {
		return ((TenantSettingApplier) getApplier()).settings();
	}

}
