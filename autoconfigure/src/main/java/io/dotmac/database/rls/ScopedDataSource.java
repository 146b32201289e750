package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The connection hook with a pluggable {@link ConnectionScopeApplier}: a {@link DataSource}
 * whose connections write the thread's {@link io.dotmac.database.tenant.TenantContext
 * scope} before the first statement of each transaction (and pin the transaction to it),
 * as {@link RlsDataSource} describes. {@link RlsDataSource} is this hook with Row-Level
 * Security's applier; schema per tenant uses it with one that sets {@code search_path}.
 */
public class ScopedDataSource extends DelegatingDataSource {

	private final ConnectionScopeApplier applier;

	private final @Nullable FoldedSqlTexts foldedSql;

	/**
	 * Wrap a data source.
	 * @param targetDataSource the application's data source
	 * @param applier what to write for each scope
	 */
	public ScopedDataSource(DataSource targetDataSource, ConnectionScopeApplier applier) {
		super(targetDataSource);
		this.applier = Objects.requireNonNull(applier, "applier must not be null");
		this.foldedSql = FoldedSqlTexts.of(applier);
	}

	/**
	 * The applier this data source writes with.
	 * @return the applier
	 */
	public ConnectionScopeApplier getApplier() {
		return this.applier;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return new ScopedConnection(obtainTargetDataSource().getConnection(), this.applier, this.foldedSql);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return new ScopedConnection(obtainTargetDataSource().getConnection(username, password), this.applier, this.foldedSql);
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + " [" + this.applier.mode() + ", " + obtainTargetDataSource() + "]";
	}

}
