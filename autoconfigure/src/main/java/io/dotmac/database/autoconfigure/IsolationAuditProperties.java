package io.dotmac.database.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the tenant isolation audit, under {@code dotmac.database.rls.audit}.
 * <p>
 * The audit checks in PostgreSQL's catalogs that the application's database role is
 * subject to Row-Level Security on every tenant-aware table. It runs at startup (after the
 * schema migrations), as the {@code tenantIsolation} health indicator and as the
 * {@code tenantisolation} actuator endpoint.
 */
@ConfigurationProperties("dotmac.database.rls.audit")
public class IsolationAuditProperties {

	/**
	 * Whether to audit tenant isolation: at startup, as a health indicator and as an
	 * actuator endpoint.
	 */
	private boolean enabled = true;

	/**
	 * Whether violations stop startup. A violation means the application role sees or can
	 * change other tenants' rows (superuser, BYPASSRLS, a tenant table without forced RLS
	 * or without a tenant policy). An audit that cannot be run stops startup too. When
	 * off, violations are logged at ERROR and the health indicator reports DOWN. Warnings
	 * (nullable tenant column, no tenant-leading index) never stop startup.
	 */
	private boolean failOnViolation = true;

	/**
	 * Schemas to search for tenant-aware tables. Empty means the schemas on the
	 * connection's search_path.
	 */
	private List<String> schemas = new ArrayList<>();

	/**
	 * Tables the audit skips, as 'table' (in any audited schema) or 'schema.table'. For
	 * tables with a tenant column that are deliberately shared, or protected otherwise.
	 */
	private List<String> ignoreTables = new ArrayList<>();

	/**
	 * Column that makes a table tenant-aware. Unset means the value of
	 * dotmac.database.rls.tenant-column, whose default is tenant_id.
	 */
	private @Nullable String tenantColumn;

	/**
	 * PostgreSQL setting that tenant policies must read. Unset means the value of
	 * dotmac.database.rls.setting-name, whose default is app.current_tenant_id.
	 */
	private @Nullable String settingName;

	/**
	 * Return whether the audit is enabled.
	 * @return {@code true} if it is
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set whether the audit is enabled.
	 * @param enabled {@code true} to audit
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return whether violations stop startup.
	 * @return {@code true} if they do
	 */
	public boolean isFailOnViolation() {
		return this.failOnViolation;
	}

	/**
	 * Set whether violations stop startup.
	 * @param failOnViolation {@code true} to stop startup on a violation
	 */
	public void setFailOnViolation(boolean failOnViolation) {
		this.failOnViolation = failOnViolation;
	}

	/**
	 * Return the schemas to audit.
	 * @return schema names; empty for the search_path
	 */
	public List<String> getSchemas() {
		return this.schemas;
	}

	/**
	 * Set the schemas to audit.
	 * @param schemas schema names; empty for the search_path
	 */
	public void setSchemas(List<String> schemas) {
		this.schemas = schemas;
	}

	/**
	 * Return the tables the audit skips.
	 * @return table names, optionally schema-qualified
	 */
	public List<String> getIgnoreTables() {
		return this.ignoreTables;
	}

	/**
	 * Set the tables the audit skips.
	 * @param ignoreTables table names, optionally schema-qualified
	 */
	public void setIgnoreTables(List<String> ignoreTables) {
		this.ignoreTables = ignoreTables;
	}

	/**
	 * Return the tenant column.
	 * @return the column name
	 */
	public @Nullable String getTenantColumn() {
		return this.tenantColumn;
	}

	/**
	 * Set the tenant column.
	 * @param tenantColumn the column name
	 */
	public void setTenantColumn(@Nullable String tenantColumn) {
		this.tenantColumn = tenantColumn;
	}

	/**
	 * Return the setting tenant policies must read.
	 * @return the setting name, or {@code null} to use dotmac.database.rls.setting-name
	 */
	public @Nullable String getSettingName() {
		return this.settingName;
	}

	/**
	 * Set the setting tenant policies must read.
	 * @param settingName the setting name
	 */
	public void setSettingName(@Nullable String settingName) {
		this.settingName = settingName;
	}

}
