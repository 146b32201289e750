package io.dotmac.database.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

import javax.sql.DataSource;

import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.service.UnknownUnwrapTypeException;

import io.dotmac.database.DatabaseValidationException;

/**
 * Hibernate's multi-tenant connection provider for schema per tenant: connections come from
 * the one shared pool through the {@link SchemaDataSource} hook, which points
 * {@code search_path} at the tenant's schema when a transaction starts. Before it hands a
 * connection out, it checks that the tenant Hibernate asks for is the tenant of the
 * calling thread (Hibernate fixes a session's tenant when the session opens), so a session
 * opened for one tenant and used after the thread switched tenant fails instead of reading
 * the other schema.
 * <p>
 * Give it the same {@code DataSource} bean as the rest of the application (the one the
 * hook wraps); the transaction manager and {@code JdbcTemplate} then share its
 * connections.
 */
public class TenantSchemaConnectionProvider implements MultiTenantConnectionProvider<String> {

	private static final long serialVersionUID = 1L;

	private final transient DataSource dataSource;

	/**
	 * Create a provider.
	 * @param dataSource the application's data source, wrapped by a {@link SchemaDataSource}
	 */
	public TenantSchemaConnectionProvider(DataSource dataSource) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
	}

	@Override
	public Connection getAnyConnection() throws SQLException {
		return this.dataSource.getConnection();
	}

	@Override
	public void releaseAnyConnection(Connection connection) throws SQLException {
		connection.close();
	}

	@Override
	public Connection getConnection(String tenantIdentifier) throws SQLException {
		String current = TenantContextIdentifierResolver.current();
		if (!current.equals(tenantIdentifier)) {
			throw new DatabaseValidationException("Hibernate asked for a connection for '" + tenantIdentifier
					+ "' but the current thread works for '" + current + "'; open the session (or the transaction) "
					+ "inside TenantContext for the tenant it works for");
		}
		return this.dataSource.getConnection();
	}

	@Override
	public void releaseConnection(String tenantIdentifier, Connection connection) throws SQLException {
		connection.close();
	}

	@Override
	public boolean supportsAggressiveRelease() {
		return false;
	}

	@Override
	public boolean isUnwrappableAs(Class<?> unwrapType) {
		return unwrapType.isInstance(this) || unwrapType.isInstance(this.dataSource);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> unwrapType) {
		if (unwrapType.isInstance(this)) {
			return (T) this;
		}
		if (unwrapType.isInstance(this.dataSource)) {
			return (T) this.dataSource;
		}
		throw new UnknownUnwrapTypeException(unwrapType);
	}

}
