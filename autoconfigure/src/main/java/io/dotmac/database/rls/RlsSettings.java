package io.dotmac.database.rls;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The names and choices that the connection hook and the policies must agree on: the
 * PostgreSQL setting that carries the tenant, the tenant column, the system-scope role,
 * and how the hook sets the tenant. Immutable; every {@code with...} method returns a
 * copy. Names are validated when set, so a bad one fails here, before any SQL.
 * <pre>{@code
 * RlsSettings settings = RlsSettings.defaults().withMode(RlsMode.SESSION);
 * DataSource dataSource = new RlsDataSource(pool, settings);
 * }</pre>
 */
public final class RlsSettings {

	/** Default name of the setting that carries the tenant. */
	public static final String DEFAULT_SETTING_NAME = "app.current_tenant_id";

	/** Default name of the tenant column. */
	public static final String DEFAULT_TENANT_COLUMN = "tenant_id";

	/** Default name of the role that the system scope switches to. */
	public static final String DEFAULT_SYSTEM_ROLE = "dotmac_rls_system";

	private static final RlsSettings DEFAULTS = new RlsSettings(DEFAULT_SETTING_NAME, DEFAULT_TENANT_COLUMN,
			DEFAULT_SYSTEM_ROLE, RlsMode.TRANSACTION, AutoCommitPolicy.WRAP, true);

	private final String settingName;

	private final String tenantColumn;

	private final @Nullable String systemRole;

	private final RlsMode mode;

	private final AutoCommitPolicy autoCommitPolicy;

	private final boolean foldIntoFirstStatement;

	private RlsSettings(String settingName, String tenantColumn, @Nullable String systemRole, RlsMode mode,
			AutoCommitPolicy autoCommitPolicy, boolean foldIntoFirstStatement) {
		this.settingName = SqlIdentifiers.requireSettingName(settingName);
		this.tenantColumn = SqlIdentifiers.requireIdentifier("tenant column name", tenantColumn);
		this.systemRole = (systemRole != null) ? SqlIdentifiers.requireIdentifier("system role name", systemRole)
				: null;
		this.mode = Objects.requireNonNull(mode, "mode must not be null");
		this.autoCommitPolicy = Objects.requireNonNull(autoCommitPolicy, "autoCommitPolicy must not be null");
		this.foldIntoFirstStatement = foldIntoFirstStatement;
	}

	/**
	 * The defaults: setting {@value #DEFAULT_SETTING_NAME}, column
	 * {@value #DEFAULT_TENANT_COLUMN}, system role {@value #DEFAULT_SYSTEM_ROLE},
	 * {@link RlsMode#TRANSACTION transaction mode}, {@link AutoCommitPolicy#WRAP}.
	 * @return the default settings
	 */
	public static RlsSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * The PostgreSQL setting that carries the tenant and that the tenant policies read.
	 * @return the setting name, such as {@code app.current_tenant_id}
	 */
	public String settingName() {
		return this.settingName;
	}

	/**
	 * The column that holds a row's tenant, for tables set up without naming it.
	 * @return the column name
	 */
	public String tenantColumn() {
		return this.tenantColumn;
	}

	/**
	 * The role that the system scope switches to with {@code SET LOCAL ROLE}, and that the
	 * system-scope policy of every tenant table is for.
	 * @return the role name, or {@code null} when the system scope is not set up (using it
	 * then fails with a {@link SystemScopeNotConfiguredException})
	 */
	public @Nullable String systemRole() {
		return this.systemRole;
	}

	/**
	 * How the hook sets the tenant.
	 * @return the mode
	 */
	public RlsMode mode() {
		return this.mode;
	}

	/**
	 * What the hook does with tenant statements outside a transaction.
	 * @return the policy
	 */
	public AutoCommitPolicy autoCommitPolicy() {
		return this.autoCommitPolicy;
	}

	/**
	 * Whether, in transaction mode, a prepared statement that needs the setting carries it
	 * itself: {@code SELECT set_config(…, ?, true); <statement>}, sent by PgJDBC in one
	 * round trip, so a tenant transaction costs no extra round trip (and a tenant
	 * statement in auto-commit mode becomes a transaction of its own at no cost). Plain
	 * {@code Statement}s, calls, batches and statements with generated keys still get the
	 * setting in a round trip of its own. On by default; turn it off only to rule it out
	 * when chasing a driver problem.
	 * @return whether to fold the setting into the first statement
	 */
	public boolean foldIntoFirstStatement() {
		return this.foldIntoFirstStatement;
	}

	/**
	 * A copy that folds the setting into the first statement, or not.
	 * @param fold whether to fold
	 * @return the new settings
	 * @see #foldIntoFirstStatement()
	 */
	public RlsSettings withFoldIntoFirstStatement(boolean fold) {
		return new RlsSettings(this.settingName, this.tenantColumn, this.systemRole, this.mode, this.autoCommitPolicy,
				fold);
	}

	/**
	 * A copy with another setting name.
	 * @param settingName a lower-case custom setting name with a prefix
	 * @return the new settings
	 */
	public RlsSettings withSettingName(String settingName) {
		return new RlsSettings(settingName, this.tenantColumn, this.systemRole, this.mode, this.autoCommitPolicy,
				this.foldIntoFirstStatement);
	}

	/**
	 * A copy with another tenant column.
	 * @param tenantColumn the column name
	 * @return the new settings
	 */
	public RlsSettings withTenantColumn(String tenantColumn) {
		return new RlsSettings(this.settingName, tenantColumn, this.systemRole, this.mode, this.autoCommitPolicy,
				this.foldIntoFirstStatement);
	}

	/**
	 * A copy with another system-scope role.
	 * @param systemRole the role name, or {@code null} or empty for no system scope
	 * @return the new settings
	 */
	public RlsSettings withSystemRole(@Nullable String systemRole) {
		String role = (systemRole == null || systemRole.isEmpty()) ? null : systemRole;
		return new RlsSettings(this.settingName, this.tenantColumn, role, this.mode, this.autoCommitPolicy,
				this.foldIntoFirstStatement);
	}

	/**
	 * A copy with another mode.
	 * @param mode the mode
	 * @return the new settings
	 */
	public RlsSettings withMode(RlsMode mode) {
		return new RlsSettings(this.settingName, this.tenantColumn, this.systemRole, mode, this.autoCommitPolicy,
				this.foldIntoFirstStatement);
	}

	/**
	 * A copy with another auto-commit policy.
	 * @param autoCommitPolicy the policy
	 * @return the new settings
	 */
	public RlsSettings withAutoCommitPolicy(AutoCommitPolicy autoCommitPolicy) {
		return new RlsSettings(this.settingName, this.tenantColumn, this.systemRole, this.mode, autoCommitPolicy,
				this.foldIntoFirstStatement);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof RlsSettings that) && this.settingName.equals(that.settingName)
				&& this.tenantColumn.equals(that.tenantColumn) && Objects.equals(this.systemRole, that.systemRole)
				&& this.mode == that.mode && this.autoCommitPolicy == that.autoCommitPolicy
				&& this.foldIntoFirstStatement == that.foldIntoFirstStatement;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.settingName, this.tenantColumn, this.systemRole, this.mode, this.autoCommitPolicy,
				this.foldIntoFirstStatement);
	}

	@Override
	public String toString() {
		return "RlsSettings[settingName=" + this.settingName + ", tenantColumn=" + this.tenantColumn + ", systemRole="
				+ this.systemRole + ", mode=" + this.mode + ", autoCommitPolicy=" + this.autoCommitPolicy
				+ ", foldIntoFirstStatement=" + this.foldIntoFirstStatement + "]";
	}

}
