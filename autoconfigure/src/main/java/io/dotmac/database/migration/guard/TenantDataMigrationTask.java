package io.dotmac.database.migration.guard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import liquibase.Scope;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.SqlIdentifiers;
import io.dotmac.database.tenant.TenantId;

/**
 * Base class for a data migration in Java that runs once per tenant with the tenant setting
 * bound, the {@code customChange} counterpart of {@link TenantDataMigrationChange}:
 * <pre>{@code
 * public class NormalizeEmails extends TenantDataMigrationTask {
 *     protected void migrate(Connection connection, TenantId tenant) throws SQLException {
 *         try (Statement statement = connection.createStatement()) {
 *             statement.executeUpdate("UPDATE customers SET email = lower(email)");
 *         }
 *     }
 * }
 *
 * - customChange:
 *     class: com.example.NormalizeEmails
 *     strategy: ${dotmac.tenancy.strategy}
 * }</pre>
 * In Row-Level Security mode ({@code strategy} {@code rls}, the default) it reads the tenants
 * from the registry table ({@code registryTable}, default {@code public.dotmac_tenants}) and
 * calls {@link #migrate} for each with {@code set_config(setting, tenant, true)} done first,
 * on the changeset's connection and in its transaction; the setting is put back afterwards.
 * The same rules as for {@link TenantDataMigrationChange} apply: the migration role must not
 * bypass Row-Level Security and the tables must force it, or {@code migrate} must filter by
 * tenant itself. In schema mode ({@code strategy: schema}) {@link #migrate} is called once,
 * with no tenant, in the schema the changeset runs in.
 */
public abstract class TenantDataMigrationTask implements CustomTaskChange {

	private @Nullable String strategy;

	private @Nullable String registryTable;

	private @Nullable String settingName;

	private boolean allowBypassRls;

	private int tenants;

	/**
	 * Migrate one tenant's data.
	 * @param connection the changeset's connection, with the tenant setting bound; do not
	 * commit, roll back or close it
	 * @param tenant the tenant, or {@code null} in schema mode
	 * @throws SQLException to fail the changeset
	 */
	protected abstract void migrate(Connection connection, @Nullable TenantId tenant) throws SQLException;

	/**
	 * Set the isolation mode.
	 * @param strategy {@code rls} (the default) or {@code schema}
	 */
	public void setStrategy(@Nullable String strategy) {
		this.strategy = strategy;
	}

	/**
	 * Set the registry table the tenants are read from.
	 * @param registryTable {@code schema.table}; {@code public.dotmac_tenants} when not set
	 */
	public void setRegistryTable(@Nullable String registryTable) {
		this.registryTable = registryTable;
	}

	/**
	 * Set the tenant setting.
	 * @param settingName the setting; {@code app.current_tenant_id} when not set
	 */
	public void setSettingName(@Nullable String settingName) {
		this.settingName = settingName;
	}

	/**
	 * Allow running as a role that bypasses Row-Level Security.
	 * @param allowBypassRls {@code true} when {@link #migrate} filters by tenant itself
	 */
	public void setAllowBypassRls(boolean allowBypassRls) {
		this.allowBypassRls = allowBypassRls;
	}

	@Override
	public void execute(Database database) throws CustomChangeException {
		if (!(database.getConnection() instanceof JdbcConnection jdbc)) {
			throw new CustomChangeException(getClass().getName() + " needs a JDBC connection");
		}
		Connection connection = jdbc.getUnderlyingConnection();
		try {
			if (mode() == TenantIsolationMode.SCHEMA_PER_TENANT) {
				migrate(connection, null);
				return;
			}
			String setting = settingName();
			if (connection.getAutoCommit()) {
				// set_config(..., true) would end with its own statement, and migrate() would
				// run with no tenant bound.
				throw new SQLException(getClass().getName() + " needs the changeset's transaction: remove "
						+ "runInTransaction: false from its changeset");
			}
			if (!this.allowBypassRls) {
				refuseBypassingRole(connection, setting);
			}
			String previous = currentSetting(connection, setting);
			List<TenantId> ids = tenantIds(connection);
			for (TenantId tenant : ids) {
				bind(connection, setting, tenant.value());
				migrate(connection, tenant);
			}
			bind(connection, setting, (previous != null) ? previous : "");
			this.tenants = ids.size();
		}
		catch (SQLException | RuntimeException ex) {
			throw new CustomChangeException(getClass().getName() + " failed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String getConfirmationMessage() {
		return getClass().getSimpleName() + " ran for " + this.tenants + " tenant" + ((this.tenants == 1) ? "" : "s");
	}

	@Override
	public void setUp() {
	}

	@Override
	public void setFileOpener(ResourceAccessor resourceAccessor) {
	}

	@Override
	public ValidationErrors validate(Database database) {
		ValidationErrors errors = new ValidationErrors();
		try {
			TenantIsolationMode.fromParameter(this.strategy);
			settingName();
			registryTable();
		}
		catch (RuntimeException ex) {
			errors.addError(ex.getMessage());
		}
		return errors;
	}

	private List<TenantId> tenantIds(Connection connection) throws SQLException {
		List<TenantId> ids = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT id FROM " + registryTable() + " ORDER BY id")) {
			while (result.next()) {
				ids.add(TenantId.of(result.getString(1)));
			}
		}
		return ids;
	}

	/**
	 * The {@code strategy} property, else (not set, or an unresolved changelog parameter)
	 * the Liquibase scope value {@value TenantIsolationMode#CHANGELOG_PARAMETER}.
	 */
	private TenantIsolationMode mode() {
		boolean set = this.strategy != null && !this.strategy.isBlank() && !this.strategy.trim().startsWith("${");
		return TenantIsolationMode.fromParameter(
				set ? this.strategy : Scope.getCurrentScope().get(TenantIsolationMode.CHANGELOG_PARAMETER, Object.class));
	}

	private void refuseBypassingRole(Connection connection, String setting) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_user, rolsuper OR rolbypassrls "
						+ "FROM pg_catalog.pg_roles WHERE rolname = current_user")) {
			if (result.next() && result.getBoolean(2)) {
				throw new SQLException(getClass().getName() + " runs as " + result.getString(1) + ", which bypasses "
						+ "Row-Level Security: every tenant's pass would see the rows of all tenants. Run migrations as "
						+ "the tables' owner (an ordinary role; the tables must FORCE Row-Level Security), or filter by "
						+ "current_setting('" + setting + "') in migrate() and set allowBypassRls: true");
			}
		}
	}

	private static @Nullable String currentSetting(Connection connection, String setting) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?, true)")) {
			statement.setString(1, setting);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

	private static void bind(Connection connection, String setting, String value) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
			statement.setString(1, setting);
			statement.setString(2, value);
			statement.execute();
		}
	}

	private String settingName() {
		return (this.settingName != null && !this.settingName.isBlank())
				? SqlIdentifiers.requireSettingName(this.settingName) : RlsSettings.DEFAULT_SETTING_NAME;
	}

	private String registryTable() {
		String table = (this.registryTable != null && !this.registryTable.isBlank()) ? this.registryTable.trim()
				: "public.dotmac_tenants";
		String[] parts = table.split("\\.", -1);
		if (parts.length != 2) {
			throw new IllegalArgumentException("registryTable must be schema.table; got '" + table + "'");
		}
		return SqlIdentifiers.quote(SqlIdentifiers.requireIdentifier("registry schema", parts[0])) + "."
				+ SqlIdentifiers.quote(SqlIdentifiers.requireIdentifier("registry table", parts[1]));
	}

}
