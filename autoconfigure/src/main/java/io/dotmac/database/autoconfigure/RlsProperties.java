package io.dotmac.database.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.dotmac.database.rls.AutoCommitPolicy;
import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.rls.RlsSettings;

/**
 * Configuration of tenant isolation with Row-Level Security, under
 * {@code dotmac.database.rls}. The names here must match the policies: tables set up with
 * {@code RlsPolicyManager} or the Liquibase change {@code enableTenantRls} read the same
 * setting and grant the same system role.
 */
@ConfigurationProperties("dotmac.database.rls")
public class RlsProperties {

	// Defaults are literals (they equal RlsSettings.defaults(), which a test checks) so that
	// the configuration processor can put them into the metadata.

	/**
	 * Whether the connection hook wraps the application's DataSource so that every
	 * statement carries the current tenant to PostgreSQL. Turning it off leaves tables
	 * with tenant policies returning no rows to the application.
	 */
	private boolean enabled = true;

	/**
	 * How the tenant reaches PostgreSQL: 'transaction' sets a transaction-local setting
	 * at the start of each tenant transaction (safe behind PgBouncer in transaction mode);
	 * 'session' sets a session-level setting and skips it when the connection already
	 * carries the right tenant (direct connections or session pooling only).
	 */
	private RlsMode mode = RlsMode.TRANSACTION;

	/**
	 * Name of the PostgreSQL setting that carries the tenant and that the tenant policies
	 * read. A custom setting needs a prefix, as in the default.
	 */
	private String settingName = "app.current_tenant_id";

	/**
	 * Role that work in the system scope switches to with SET LOCAL ROLE; its policy on
	 * each tenant table sees every row. The application's role must be a member that does
	 * not inherit it (GRANT ... WITH INHERIT FALSE). Empty disables the system scope.
	 */
	private String systemRole = "dotmac_rls_system";

	/**
	 * Name of the column that holds each row's tenant, for tables that RlsPolicyManager
	 * sets up without naming one.
	 */
	private String tenantColumn = "tenant_id";

	/**
	 * What happens to a statement for a tenant that runs outside a transaction
	 * (auto-commit): 'wrap' runs it in a short transaction of its own (free for prepared
	 * statements in transaction mode with fold-into-first-statement, two extra round trips
	 * otherwise); 'reject' refuses it, so that tenant work always runs in transactions.
	 */
	private AutoCommitPolicy autoCommit = AutoCommitPolicy.WRAP;

	/**
	 * Whether, in transaction mode, prepared statements carry the tenant setting
	 * themselves ("SELECT set_config(..); <statement>", one round trip), so a tenant
	 * transaction costs no extra round trip. Turn off only to rule it out when chasing a
	 * driver problem.
	 */
	private boolean foldIntoFirstStatement = true;

	/**
	 * Return whether the connection hook is on.
	 * @return whether the hook wraps the DataSource
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether the connection hook is on.
	 * @param enabled whether the hook wraps the DataSource
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return how the tenant reaches PostgreSQL.
	 * @return the mode
	 */
	public RlsMode getMode() {
		return this.mode;
	}

	/**
	 * Set how the tenant reaches PostgreSQL.
	 * @param mode the mode
	 */
	public void setMode(RlsMode mode) {
		this.mode = mode;
	}

	/**
	 * Return the name of the setting that carries the tenant.
	 * @return the setting name
	 */
	public String getSettingName() {
		return this.settingName;
	}

	/**
	 * Set the name of the setting that carries the tenant.
	 * @param settingName the setting name
	 */
	public void setSettingName(String settingName) {
		this.settingName = settingName;
	}

	/**
	 * Return the role of the system scope.
	 * @return the role name, empty for none
	 */
	public String getSystemRole() {
		return this.systemRole;
	}

	/**
	 * Set the role of the system scope.
	 * @param systemRole the role name, empty for none
	 */
	public void setSystemRole(String systemRole) {
		this.systemRole = systemRole;
	}

	/**
	 * Return the default tenant column.
	 * @return the column name
	 */
	public String getTenantColumn() {
		return this.tenantColumn;
	}

	/**
	 * Set the default tenant column.
	 * @param tenantColumn the column name
	 */
	public void setTenantColumn(String tenantColumn) {
		this.tenantColumn = tenantColumn;
	}

	/**
	 * Return what happens to tenant statements outside a transaction.
	 * @return the policy
	 */
	public AutoCommitPolicy getAutoCommit() {
		return this.autoCommit;
	}

	/**
	 * Set what happens to tenant statements outside a transaction.
	 * @param autoCommit the policy
	 */
	public void setAutoCommit(AutoCommitPolicy autoCommit) {
		this.autoCommit = autoCommit;
	}

	/**
	 * Return whether prepared statements carry the tenant setting themselves.
	 * @return whether to fold the setting into the first statement
	 */
	public boolean isFoldIntoFirstStatement() {
		return this.foldIntoFirstStatement;
	}

	/**
	 * Set whether prepared statements carry the tenant setting themselves.
	 * @param foldIntoFirstStatement whether to fold the setting into the first statement
	 */
	public void setFoldIntoFirstStatement(boolean foldIntoFirstStatement) {
		this.foldIntoFirstStatement = foldIntoFirstStatement;
	}

	/**
	 * The library settings these properties describe.
	 * @return the settings
	 * @throws io.dotmac.database.DatabaseValidationException when a name is invalid
	 */
	public RlsSettings toSettings() {
		return RlsSettings.defaults()
			.withSettingName(this.settingName)
			.withTenantColumn(this.tenantColumn)
			.withSystemRole(this.systemRole)
			.withMode(this.mode)
			.withAutoCommitPolicy(this.autoCommit)
			.withFoldIntoFirstStatement(this.foldIntoFirstStatement);
	}

}
