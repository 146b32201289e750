package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link RlsScope} into a connection: the SQL of the hook, and the only place
 * where it talks to the database. Every statement is parameterized (the setting name,
 * the tenant and the role travel as bind values, never as SQL text), and each write is
 * one statement, so one round trip.
 */
final class TenantSettingApplier implements ConnectionScopeApplier {

	/** One text for local and session writes, so the driver prepares it once per connection. */
	private static final String SET_TENANT = "SELECT set_config(?, ?, ?)";

	/** {@code SET LOCAL ROLE} and an empty tenant, in one round trip. */
	private static final String ENTER_SYSTEM_SCOPE = "SELECT set_config('role', ?, true), set_config(?, '', true)";

	/** undefined_object is reported as invalid_parameter_value by the role setting. */
	private static final String ROLE_DOES_NOT_EXIST = "22023";

	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	private final RlsSettings settings;

	/** The setting name is validated (a lower-case custom name), so it is safe as a literal. */
	private final String foldedWrite;

	private final SessionSettingCache sessionCache;

	TenantSettingApplier(RlsSettings settings) {
		this.settings = settings;
		this.sessionCache = SessionSettingCache.forSetting(settings.settingName());
		this.foldedWrite = "SELECT set_config('" + settings.settingName() + "', ?, true)";
	}

	RlsSettings settings() {
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

	/**
	 * Make the setting right for the transaction that is starting (or has started) on a
	 * connection with auto-commit off.
	 * @param connection the connection under the hook
	 * @param physical the driver's connection, when known
	 * @param scope the scope of the transaction
	 */
	@Override
	public void applyToTransaction(Connection connection, @Nullable Object physical, RlsScope scope) throws SQLException {
		if (scope.isSystem()) {
			enterSystemScope(connection);
		}
		else if (this.settings.mode() == RlsMode.SESSION) {
			applyToSession(connection, physical, scope);
		}
		else if (!scope.isNone()) {
			// Transaction mode, no tenant: nothing to do. The hook never writes the
			// session-level value in this mode, so the setting is empty and the policies
			// return no rows.
			setTenant(connection, scope.settingValue(), true);
		}
	}

	/**
	 * Session mode: make the session-level setting hold the scope's tenant (or nothing),
	 * skipping the round trip when the physical connection is known to carry it already.
	 * @param connection the connection under the hook
	 * @param physical the driver's connection, when known
	 * @param scope a tenant scope or no scope (the system scope is always transaction-local)
	 */
	@Override
	public void applyToSession(Connection connection, @Nullable Object physical, RlsScope scope) throws SQLException {
		String value = scope.settingValue();
		if (physical == null) {
			// Not PgJDBC under the pool: no identity to remember and no transaction state to
			// read. Set it every time; correct, just not free.
			setTenant(connection, value, false);
			return;
		}
		if (value.equals(this.sessionCache.get(physical))) {
			return;
		}
		if (!PgConnections.isIdle(physical)) {
			// A transaction is already open: the value holds for it but a rollback would
			// undo it, so it is not remembered; the next unit of work sets it again.
			this.sessionCache.forget(physical);
			setTenant(connection, value, false);
			return;
		}
		// No transaction open yet: write the value in auto-commit mode so it commits on its
		// own and can be remembered. Switching auto-commit costs PgJDBC no round trip when
		// no transaction is open.
		boolean autoCommit = connection.getAutoCommit();
		this.sessionCache.forget(physical);
		if (!autoCommit) {
			connection.setAutoCommit(true);
		}
		try {
			setTenant(connection, value, false);
			this.sessionCache.remember(physical, value);
		}
		finally {
			if (!autoCommit) {
				connection.setAutoCommit(false);
			}
		}
	}

	@Override
	public @Nullable String foldedWriteSql() {
		return (this.settings.mode() == RlsMode.TRANSACTION && this.settings.foldIntoFirstStatement())
				? this.foldedWrite : null;
	}

	@Override
	public String foldedWriteValue(RlsScope scope) {
		return scope.settingValue();
	}

	private void setTenant(Connection connection, String value, boolean local) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(SET_TENANT)) {
			statement.setString(1, this.settings.settingName());
			statement.setString(2, value);
			statement.setBoolean(3, local);
			statement.execute();
		}
	}

	private void enterSystemScope(Connection connection) throws SQLException {
		String role = this.settings.systemRole();
		if (role == null) {
			throw new SystemScopeNotConfiguredException("Work in the system scope needs a system role, and none is "
					+ "configured (dotmac.database.rls.system-role is empty); the system scope never means "
					+ "'no tenant, all rows'", null);
		}
		try (PreparedStatement statement = connection.prepareStatement(ENTER_SYSTEM_SCOPE)) {
			statement.setString(1, role);
			statement.setString(2, this.settings.settingName());
			statement.execute();
		}
		catch (SQLException ex) {
			if (ROLE_DOES_NOT_EXIST.equals(ex.getSQLState()) || INSUFFICIENT_PRIVILEGE.equals(ex.getSQLState())) {
				throw new SystemScopeNotConfiguredException("Work in the system scope could not switch to role '" + role
						+ "' (" + ex.getMessage() + "). Create it and let the application's role switch to it "
						+ "without inheriting it, as an administrator: CREATE ROLE " + role + " NOLOGIN; GRANT "
						+ role + " TO <application role> WITH INHERIT FALSE, SET TRUE; "
						+ "(RlsPolicyManager.createSystemRole does both), and give tenant tables their "
						+ "system-scope policy (RlsPolicyManager.enableTenantRls)", ex);
			}
			throw ex;
		}
	}

}
