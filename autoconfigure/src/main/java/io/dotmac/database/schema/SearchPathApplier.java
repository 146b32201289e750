package io.dotmac.database.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.rls.AutoCommitPolicy;
import io.dotmac.database.rls.ConnectionScopeApplier;
import io.dotmac.database.rls.PgConnections;
import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.rls.RlsScope;
import io.dotmac.database.rls.SessionSettingCache;
import io.dotmac.database.tenant.TenantId;

/**
 * Writes {@code search_path} for a scope: the SQL of schema routing. Values travel as bind
 * parameters of {@code set_config}; schema names in them are quoted identifiers from
 * {@link SchemaNaming}.
 * <p>
 * A tenant's write is one statement that also checks that the schema exists: it reads
 * {@code pg_namespace} and sets the path only when the schema is there, so a missing schema
 * costs no extra round trip to detect and fails with {@link TenantSchemaNotFoundException}
 * before anything else runs. Tenant-less work and the system scope get the shared schemas
 * only.
 */
final class SearchPathApplier implements ConnectionScopeApplier {

	private static final String SETTING = "search_path";

	/** The tenant's path, set only if its schema exists; no row means no schema. */
	private static final String SET_TENANT_PATH = "SELECT set_config('search_path', ?, ?)"
			+ " FROM pg_catalog.pg_namespace WHERE nspname = ?";

	/** With tenant roles: the role first, then the path, only if the schema exists. */
	private static final String SET_TENANT_ROLE_AND_PATH = "SELECT set_config('role', ?, true),"
			+ " set_config('search_path', ?, true) FROM pg_catalog.pg_namespace WHERE nspname = ?";

	private static final String SET_SHARED_PATH = "SELECT set_config('search_path', ?, ?)";

	/** undefined_object is reported as invalid_parameter_value by the role setting. */
	private static final String ROLE_DOES_NOT_EXIST = "22023";

	private final SchemaSettings settings;

	private final SessionSettingCache sessionCache = SessionSettingCache.forSetting(SETTING);

	SearchPathApplier(SchemaSettings settings) {
		this.settings = settings;
	}

	SchemaSettings settings() {
		return this.settings;
	}

	@Override
	public RlsMode mode() {
		return this.settings.mode();
	}

	@Override
	public AutoCommitPolicy autoCommitPolicy() {
		return this.settings.autoCommitPolicy();
	}

	@Override
	public boolean appliesWithoutTenant() {
		return true;
	}

	@Override
	public void applyToTransaction(Connection connection, @Nullable Object physical, RlsScope scope)
			throws SQLException {
		if (this.settings.mode() == RlsMode.SESSION && !scope.isSystem()) {
			applyToSession(connection, physical, scope);
		}
		else {
			write(connection, scope, true);
		}
	}

	@Override
	public void applyToSession(Connection connection, @Nullable Object physical, RlsScope scope) throws SQLException {
		if (physical == null) {
			write(connection, scope, false);
			return;
		}
		String value = valueFor(scope);
		if (value.equals(this.sessionCache.get(physical))) {
			return;
		}
		this.sessionCache.forget(physical);
		if (!PgConnections.isIdle(physical)) {
			// Inside a transaction a rollback would undo the write: set it, do not remember it.
			write(connection, scope, false);
			return;
		}
		boolean autoCommit = connection.getAutoCommit();
		if (!autoCommit) {
			connection.setAutoCommit(true);
		}
		try {
			write(connection, scope, false);
			this.sessionCache.remember(physical, value);
		}
		finally {
			if (!autoCommit) {
				connection.setAutoCommit(false);
			}
		}
	}

	private String valueFor(RlsScope scope) {
		TenantId tenant = scope.tenant();
		return (tenant != null) ? this.settings.searchPathFor(tenant) : this.settings.sharedSearchPath();
	}

	private void write(Connection connection, RlsScope scope, boolean local) throws SQLException {
		TenantId tenant = scope.tenant();
		if (tenant == null) {
			try (PreparedStatement statement = connection.prepareStatement(SET_SHARED_PATH)) {
				statement.setString(1, this.settings.sharedSearchPath());
				statement.setBoolean(2, local);
				statement.execute();
			}
			return;
		}
		String schema = this.settings.naming().schemaFor(tenant);
		if (this.settings.hasTenantRoles()) {
			// Transaction mode only (the settings make sure): the role ends with the transaction.
			String role = this.settings.tenantRoleFor(tenant);
			try (PreparedStatement statement = connection.prepareStatement(SET_TENANT_ROLE_AND_PATH)) {
				statement.setString(1, role);
				statement.setString(2, this.settings.searchPathFor(tenant));
				statement.setString(3, schema);
				try (ResultSet result = statement.executeQuery()) {
					if (!result.next()) {
						throw new TenantSchemaNotFoundException(tenant, schema);
					}
				}
			}
			catch (SQLException ex) {
				if (ROLE_DOES_NOT_EXIST.equals(ex.getSQLState())) {
					throw new TenantSchemaNotFoundException(tenant, schema + "' (or its role '" + role);
				}
				throw ex;
			}
			return;
		}
		try (PreparedStatement statement = connection.prepareStatement(SET_TENANT_PATH)) {
			statement.setString(1, this.settings.searchPathFor(tenant));
			statement.setBoolean(2, local);
			statement.setString(3, schema);
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					throw new TenantSchemaNotFoundException(tenant, schema);
				}
			}
		}
	}

}
