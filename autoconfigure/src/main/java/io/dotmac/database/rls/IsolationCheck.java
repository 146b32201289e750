package io.dotmac.database.rls;

/**
 * What an {@link IsolationFinding} is about. The constants are stable identifiers, meant
 * for dashboards and alert rules; the human-readable text is in the finding itself.
 */
public enum IsolationCheck {

	/**
	 * The application role is a superuser. Superusers bypass Row-Level Security, even on
	 * tables with {@code FORCE ROW LEVEL SECURITY}.
	 */
	SUPERUSER,

	/**
	 * The application role has the {@code BYPASSRLS} attribute, so no policy applies to it.
	 */
	BYPASSRLS,

	/**
	 * The application role can switch, with {@code SET ROLE} or {@code RESET ROLE}, to a
	 * role that is a superuser or has {@code BYPASSRLS}. Membership alone does not bypass
	 * Row-Level Security (neither attribute is inherited), but one statement does.
	 */
	SWITCHABLE_BYPASS_ROLE,

	/** A configured schema does not exist, so nothing in it can be audited. */
	SCHEMA_NOT_FOUND,

	/** No tenant-aware table was found; nothing to protect yet. */
	NO_TENANT_TABLES,

	/** A tenant-aware table does not have Row-Level Security enabled. */
	RLS_DISABLED,

	/**
	 * A tenant-aware table has Row-Level Security enabled but not forced. Its owner, and
	 * every role that inherits the owner's privileges, is exempt from its policies.
	 */
	RLS_NOT_FORCED,

	/** No policy of a tenant-aware table applies to the application role. */
	NO_POLICY,

	/**
	 * Policies apply to the application role, but none of them compares the tenant column
	 * with the tenant setting.
	 */
	NO_TENANT_POLICY,

	/**
	 * A permissive policy that applies to the application role does not compare the tenant
	 * column with the tenant setting. Permissive policies are combined with {@code OR}, so
	 * it opens rows of other tenants.
	 */
	UNSCOPED_POLICY,

	/** The tenant column of a tenant-aware table accepts {@code NULL}. */
	NULLABLE_TENANT_COLUMN,

	/** No valid index of a tenant-aware table has the tenant column as its first key. */
	NO_TENANT_INDEX,

	/**
	 * A table that is declared or set up as a tenant table (Row-Level Security, policies)
	 * has no tenant column. Reported by the migration guards.
	 */
	MISSING_TENANT_COLUMN,

	/**
	 * The tenant column is not a string type long enough for every tenant id (text, or
	 * varchar of at least 48 characters). Reported by the migration guards.
	 */
	TENANT_COLUMN_TYPE,

	/**
	 * A unique constraint or unique index (other than the primary key) of a tenant table
	 * does not include the tenant column: one tenant's value blocks, and reveals, the same
	 * value of another. Reported by the migration guards.
	 */
	UNIQUE_WITHOUT_TENANT,

	/**
	 * A table in a tenant schema has Row-Level Security on, but schema-per-tenant
	 * connections set no tenant setting, so its tenant policy hides every row. Reported by
	 * the migration guards in schema mode.
	 */
	RLS_WITHOUT_TENANT_SETTING

}
