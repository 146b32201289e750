package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * What the connection hook writes into a connection for a {@link RlsScope}: the SPI
 * between the hook ({@link ScopedDataSource}), which decides <em>when</em> to write, and
 * an isolation strategy, which decides <em>what</em>. Row-Level Security writes the
 * tenant setting that its policies read; schema per tenant writes {@code search_path}
 * (see {@code io.dotmac.database.schema}).
 * <p>
 * The hook calls {@link #applyToTransaction} before the first statement of each
 * transaction and, in {@link RlsMode#SESSION session mode}, {@link #applyToSession}
 * before each auto-commit statement. Implementations must be thread-safe; they talk to
 * the database only through the connection they are given.
 */
public interface ConnectionScopeApplier {

	/**
	 * Whether the scope is written per transaction or kept on the session.
	 * @return the mode
	 */
	RlsMode mode();

	/**
	 * What happens to statements for a tenant outside a transaction.
	 * @return the policy
	 */
	AutoCommitPolicy autoCommitPolicy();

	/**
	 * Whether work without a tenant needs a write too. Row-Level Security needs none (an
	 * empty setting already hides every row); schema per tenant does, so that tenant-less
	 * work sees the shared schema and nothing else, whatever the session's default.
	 * @return {@code true} when tenant-less work must be written like tenant work
	 */
	default boolean appliesWithoutTenant() {
		return false;
	}

	/**
	 * The write of a tenant scope as one statement with the value as its only parameter,
	 * for the hook to send in front of the first prepared statement of a transaction, in
	 * the same round trip ({@code SELECT set_config('app.current_tenant_id', ?, true)}).
	 * Only for {@link RlsMode#TRANSACTION transaction mode}. The statement must either
	 * write the scope or fail: the application's statement follows it unchecked.
	 * @return the statement, or {@code null} (the default) when the scope is written only
	 * in a round trip of its own
	 * @see #foldedWriteValue(RlsScope)
	 */
	default @Nullable String foldedWriteSql() {
		return null;
	}

	/**
	 * The parameter of {@link #foldedWriteSql()} for a tenant scope.
	 * @param scope a tenant scope
	 * @return the value to bind
	 */
	default String foldedWriteValue(RlsScope scope) {
		throw new UnsupportedOperationException("This applier does not fold its writes");
	}

	/**
	 * Make the connection right for the transaction that is starting (or has started) on a
	 * connection with auto-commit off.
	 * @param connection the connection under the hook
	 * @param physical the driver's connection in session mode, when known
	 * @param scope the scope of the transaction
	 * @throws SQLException when the database refuses
	 */
	void applyToTransaction(Connection connection, @Nullable Object physical, RlsScope scope) throws SQLException;

	/**
	 * Session mode: make the session-level state hold the scope, skipping the round trip
	 * when the physical connection is known to carry it already.
	 * @param connection the connection under the hook
	 * @param physical the driver's connection, when known
	 * @param scope a tenant scope or no scope
	 * @throws SQLException when the database refuses
	 */
	void applyToSession(Connection connection, @Nullable Object physical, RlsScope scope) throws SQLException;

}
