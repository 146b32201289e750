package io.dotmac.database.migration.guard;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How tenants are kept apart, as far as the guards care: it decides which checks apply.
 */
public enum TenantIsolationMode {

	/**
	 * One set of tables for all tenants, a tenant column and Row-Level Security policies:
	 * every tenant check applies.
	 */
	ROW_LEVEL_SECURITY,

	/**
	 * A schema per tenant: the schema is the boundary, so tables need no tenant column, no
	 * tenant index and no policy, and uniqueness is per schema anyway. The tenant checks do
	 * not apply; what is checked instead is that no table has Row-Level Security on,
	 * because schema-per-tenant connections set no tenant setting and its policy would hide
	 * every row.
	 */
	SCHEMA_PER_TENANT;

	/**
	 * The changelog parameter that tells the guard change types the mode: {@code rls}
	 * (also the default when it is not set) or {@code schema}. The migration engine sets it
	 * from {@code dotmac.database.tenancy.strategy}.
	 */
	public static final String CHANGELOG_PARAMETER = "dotmac.tenancy.strategy";

	/**
	 * The mode a changelog parameter value names.
	 * @param value {@code rls}, {@code schema} (any case), or {@code null}, blank or an
	 * unresolved {@code ${...}} reference (the parameter is not set) for the default
	 * @return the mode; {@link #ROW_LEVEL_SECURITY} when no value is given
	 * @throws IllegalArgumentException for any other value
	 */
	public static TenantIsolationMode fromParameter(@Nullable Object value) {
		String text = (value != null) ? value.toString().trim().toLowerCase(Locale.ROOT) : "";
		if (text.startsWith("${")) {
			// Liquibase leaves a reference to a parameter that is not set as it is.
			text = "";
		}
		return switch (text) {
			case "", "rls", "row_level_security" -> ROW_LEVEL_SECURITY;
			case "schema", "schema_per_tenant" -> SCHEMA_PER_TENANT;
			default -> throw new IllegalArgumentException("Changelog parameter " + CHANGELOG_PARAMETER + " is '" + value
					+ "'; expected 'rls' or 'schema'");
		};
	}

}
