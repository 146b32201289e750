package io.dotmac.database.migration.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.dotmac.database.rls.IsolationCheck;
import io.dotmac.database.rls.RlsPolicyStatements;
import io.dotmac.database.rls.RlsSettings;

import static io.dotmac.database.rls.IsolationCheck.MISSING_TENANT_COLUMN;
import static io.dotmac.database.rls.IsolationCheck.NO_TENANT_INDEX;
import static io.dotmac.database.rls.IsolationCheck.NO_TENANT_POLICY;
import static io.dotmac.database.rls.IsolationCheck.NULLABLE_TENANT_COLUMN;
import static io.dotmac.database.rls.IsolationCheck.RLS_DISABLED;
import static io.dotmac.database.rls.IsolationCheck.RLS_NOT_FORCED;
import static io.dotmac.database.rls.IsolationCheck.RLS_WITHOUT_TENANT_SETTING;
import static io.dotmac.database.rls.IsolationCheck.TENANT_COLUMN_TYPE;
import static io.dotmac.database.rls.IsolationCheck.UNIQUE_WITHOUT_TENANT;

/**
 * The one catalog query behind every guard: the validator and the precondition run it over
 * JDBC, the change types embed it in a {@code DO} block. It returns one row per tenant table
 * with no finding, or one row per finding, with columns {@code schema_name},
 * {@code table_name}, {@code check_name} (an {@link IsolationCheck} name, {@code NULL} for a
 * table without findings), {@code severity}, {@code problem}, {@code fix}, and {@code current_user}. Problem and fix
 * texts are written by the query itself, so that a guard in a script written by
 * {@code update-sql} says exactly what the validator says.
 * <p>
 * A table is a tenant table when it is named explicitly (a change type's table; every table
 * in schema mode), or when it has the tenant column, Row-Level Security or any policy, so
 * that the shared tables next to the tenant tables (Row-Level Security mode runs the tenant
 * part in the shared schema) are not taken for tenant tables. Names and the setting are
 * validated before they are written as literals; schema names, which may hold characters
 * such as {@code -}, are a JDBC parameter.
 */
final class TenantGuardQuery {

	/** What {@code ensureTenantColumn} checks. */
	static final Set<IsolationCheck> COLUMN_CHECKS = Collections
		.unmodifiableSet(EnumSet.of(MISSING_TENANT_COLUMN, TENANT_COLUMN_TYPE, NULLABLE_TENANT_COLUMN));

	/** What {@code ensureTenantIndexes} checks. */
	static final Set<IsolationCheck> INDEX_CHECKS = Collections
		.unmodifiableSet(EnumSet.of(NO_TENANT_INDEX, UNIQUE_WITHOUT_TENANT));

	/** What {@code validateTenantIsolation} checks in Row-Level Security mode. */
	static final Set<IsolationCheck> RLS_CHECKS = Collections
		.unmodifiableSet(EnumSet.of(RLS_DISABLED, RLS_NOT_FORCED, NO_TENANT_POLICY));

	/** What is checked in schema-per-tenant mode. */
	static final Set<IsolationCheck> SCHEMA_MODE_CHECKS = Collections
		.unmodifiableSet(EnumSet.of(RLS_WITHOUT_TENANT_SETTING));

	private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

	private final TenantGuardSettings settings;

	TenantGuardQuery(TenantGuardSettings settings) {
		this.settings = settings;
	}

	/**
	 * Every check that applies in a mode.
	 * @param mode the isolation mode
	 * @return the checks
	 */
	static Set<IsolationCheck> allChecks(TenantIsolationMode mode) {
		if (mode == TenantIsolationMode.SCHEMA_PER_TENANT) {
			return SCHEMA_MODE_CHECKS;
		}
		Set<IsolationCheck> checks = EnumSet.copyOf(COLUMN_CHECKS);
		checks.addAll(INDEX_CHECKS);
		checks.addAll(RLS_CHECKS);
		return checks;
	}

	/**
	 * The query over the tenant tables of some schemas; its one parameter is a
	 * {@code text[]} of schema names.
	 * @param checks the checks to run
	 * @return the SQL
	 */
	String forSchemas(Set<IsolationCheck> checks) {
		boolean everyTable = this.settings.mode() == TenantIsolationMode.SCHEMA_PER_TENANT;
		return sql("n.nspname = ANY (?::text[])", everyTable, checks);
	}

	/**
	 * The query over one named table, without parameters.
	 * @param regclassLiteral the table as a {@code regclass} literal, such as
	 * {@code '"customers"'::regclass}, resolved by {@code search_path} when unqualified
	 * @param checks the checks to run
	 * @return the SQL
	 */
	String forTable(String regclassLiteral, Set<IsolationCheck> checks) {
		return sql("c.oid = " + regclassLiteral, true, checks);
	}

	private String sql(String scope, boolean everyTableIsTenantTable, Set<IsolationCheck> checks) {
		String column = literal(this.settings.tenantColumn());
		String tenantTable = everyTableIsTenantTable ? "true"
				: "(a.attnum IS NOT NULL OR c.relrowsecurity OR EXISTS (SELECT 1 FROM pg_catalog.pg_policy p0 "
						+ "WHERE p0.polrelid = c.oid))";
		List<String> parts = new ArrayList<>();
		for (IsolationCheck check : checks) {
			parts.add(check(check));
		}
		String findings = parts.isEmpty()
				? "SELECT NULL::oid, NULL::text, NULL::text, NULL::text, NULL::text WHERE false"
				: String.join("\n  UNION ALL\n", parts);
		return """
				WITH t AS MATERIALIZED (
				  SELECT c.oid, n.nspname::text AS schema_name, c.relname::text AS table_name,
				         quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS ident,
				         c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
				         a.attnum, a.attnotnull AS not_null, quote_ident(%1$s) AS col,
				         format_type(a.atttypid, a.atttypmod) AS col_type,
				         (a.atttypid = 'text'::regtype OR (a.atttypid = 'varchar'::regtype
				           AND (a.atttypmod = -1 OR a.atttypmod - 4 >= %2$d))) AS type_ok
				  FROM pg_catalog.pg_class c
				  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
				  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = %1$s
				    AND a.attnum > 0 AND NOT a.attisdropped
				  WHERE c.relkind IN ('r', 'p') AND %3$s AND %4$s
				), f (oid, check_name, severity, problem, fix) AS (
				  %5$s
				)
				SELECT t.schema_name, t.table_name, f.check_name, f.severity, f.problem, f.fix, current_user::text
				FROM t LEFT JOIN f ON f.oid = t.oid
				ORDER BY t.schema_name, t.table_name, f.check_name""".formatted(column,
				TenantGuardSettings.MIN_TENANT_COLUMN_LENGTH, scope, tenantTable, findings);
	}

	private String check(IsolationCheck check) {
		return switch (check) {
			case MISSING_TENANT_COLUMN -> finding(check, "ERROR",
					"'%s has no column %s. A tenant table needs it: the tenant policy compares it with the tenant "
							+ "setting, and without it no row belongs to a tenant.', t.ident, t.col",
					"'ALTER TABLE %s ADD COLUMN %s varchar(48) NOT NULL; -- a table with rows: add it without NOT "
							+ "NULL, fill it, then SET NOT NULL. In a changelog: ensureTenantColumn with addIfMissing: "
							+ "true', t.ident, t.col",
					"t.attnum IS NULL");
			case TENANT_COLUMN_TYPE -> finding(check, "ERROR",
					"'Column %s of %s is %s. Tenant ids are strings of up to " + TenantGuardSettings.MIN_TENANT_COLUMN_LENGTH
							+ " characters that the policy compares with the text setting " + this.settings.settingName()
							+ ", so it must be text, or varchar(" + TenantGuardSettings.MIN_TENANT_COLUMN_LENGTH
							+ ") or longer.', t.col, t.ident, t.col_type",
					"'ALTER TABLE %s ALTER COLUMN %s TYPE varchar(" + TenantGuardSettings.MIN_TENANT_COLUMN_LENGTH
							+ ");', t.ident, t.col",
					"t.attnum IS NOT NULL AND NOT t.type_ok");
			case NULLABLE_TENANT_COLUMN -> finding(check, "WARNING",
					"'Column %s of %s accepts NULL; such rows belong to no tenant and no tenant can see them.', "
							+ "t.col, t.ident",
					"'-- assign or delete the rows without a tenant first, then:\nALTER TABLE %s ALTER COLUMN %s SET "
							+ "NOT NULL;', t.ident, t.col",
					"t.attnum IS NOT NULL AND NOT t.not_null");
			case NO_TENANT_INDEX -> finding(check, "WARNING",
					"'No valid index of %s starts with %s, so every tenant''s query reads the rows of all tenants "
							+ "before the policy filters them.', t.ident, t.col",
					"'CREATE INDEX ON %s (%s); -- in a changelog: ensureTenantIndexes with createMissing: true', "
							+ "t.ident, t.col",
					"t.attnum IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = t.oid "
							+ "AND i.indisvalid AND i.indpred IS NULL AND i.indkey[0] = t.attnum)");
			case UNIQUE_WITHOUT_TENANT -> uniqueWithoutTenant();
			case RLS_DISABLED -> finding(check, "ERROR",
					"'Row-Level Security is not enabled on %s: every role that may read it sees the rows of all "
							+ "tenants.', t.ident",
					"'ALTER TABLE %s ENABLE ROW LEVEL SECURITY;\nALTER TABLE %s FORCE ROW LEVEL SECURITY;\n-- with "
							+ "the tenant policy and indexes: the enableTenantRls change type', t.ident, t.ident",
					"NOT t.rls");
			case RLS_NOT_FORCED -> finding(check, "ERROR",
					"'%s does not FORCE Row-Level Security, so its owner (the role migrations, and often the "
							+ "application, run as) is exempt from the policies and sees the rows of all tenants.', "
							+ "t.ident",
					"'ALTER TABLE %s FORCE ROW LEVEL SECURITY;', t.ident", "t.rls AND NOT t.forced");
			case NO_TENANT_POLICY -> noTenantPolicy();
			case RLS_WITHOUT_TENANT_SETTING -> finding(check, "ERROR",
					"'Row-Level Security is on for %s in a tenant schema, but schema-per-tenant connections set no "
							+ "tenant setting, so its tenant policy hides every row from the application.', t.ident",
					"'ALTER TABLE %s NO FORCE ROW LEVEL SECURITY;\nALTER TABLE %s DISABLE ROW LEVEL SECURITY;\n-- the "
							+ "schema is the boundary: leave enableTenantRls out of changelogs for schema mode', t.ident, "
							+ "t.ident",
					"t.rls");
			default -> throw new IllegalArgumentException("Not a migration guard check: " + check);
		};
	}

	private String uniqueWithoutTenant() {
		return """
				SELECT t.oid, 'UNIQUE_WITHOUT_TENANT', 'ERROR',
				    format('%s %s of %s does not include %s: a value one tenant uses is refused to every other tenant, \
				and the refusal tells them it exists.',
				      CASE WHEN con.oid IS NULL THEN 'Unique index' ELSE 'Unique constraint' END,
				      quote_ident(ic.relname), t.ident, t.col),
				    CASE WHEN con.oid IS NULL
				      THEN format('DROP INDEX %s;' || chr(10) || 'CREATE UNIQUE INDEX %s ON %s (%s, %s)%s;',
				        quote_ident(t.schema_name) || '.' || quote_ident(ic.relname), quote_ident(ic.relname), t.ident,
				        t.col, k.cols, coalesce(' WHERE ' || pg_get_expr(i.indpred, i.indrelid), ''))
				      ELSE format('ALTER TABLE %s DROP CONSTRAINT %s, ADD CONSTRAINT %s UNIQUE (%s, %s);', t.ident,
				        quote_ident(con.conname), quote_ident(con.conname), t.col, k.cols)
				    END
				  FROM t
				  JOIN pg_catalog.pg_index i ON i.indrelid = t.oid AND i.indisunique AND NOT i.indisprimary
				  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
				  LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = t.oid
				    AND con.contype = 'u'
				  CROSS JOIN LATERAL (SELECT string_agg(pg_get_indexdef(i.indexrelid, kn, true), ', ' ORDER BY kn) AS cols
				    FROM generate_series(1, i.indnkeyatts::int) AS kn) k
				  WHERE t.attnum IS NOT NULL
				    AND NOT (t.attnum = ANY ((string_to_array(i.indkey::text, ' ')::int2[])[1:i.indnkeyatts]))""";
	}

	private String noTenantPolicy() {
		String predicate = new RlsPolicyStatements(
				RlsSettings.defaults().withSettingName(this.settings.settingName()).withSystemRole(null))
			.tenantPredicate(this.settings.tenantColumn());
		return finding(IsolationCheck.NO_TENANT_POLICY, "ERROR",
				"'No policy of %s for all commands or SELECT compares %s with the tenant setting "
						+ this.settings.settingName() + ", so Row-Level Security does not confine a tenant to its own "
						+ "rows.', t.ident, t.col",
				"'CREATE POLICY " + RlsPolicyStatements.TENANT_POLICY_NAME + " ON %s AS PERMISSIVE FOR ALL TO PUBLIC "
						+ "USING " + escape(predicate) + " WITH CHECK " + escape(predicate)
						+ ";\n-- or the enableTenantRls change type', t.ident",
				"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = t.oid AND p.polcmd IN ('*', 'r') "
						+ "AND " + readsTenant("pg_get_expr(p.polqual, p.polrelid)")
						+ " AND (p.polwithcheck IS NULL OR " + readsTenant("pg_get_expr(p.polwithcheck, p.polrelid)")
						+ "))");
	}

	/**
	 * Whether a deparsed policy expression compares the tenant column with the tenant
	 * setting, by the rule {@link io.dotmac.database.rls.IsolationAuditor} applies: it must
	 * name both the setting (as a quoted literal) and the column.
	 */
	private String readsTenant(String expression) {
		String text = "coalesce(" + expression + ", '')";
		String setting = literal("'" + this.settings.settingName().toLowerCase(Locale.ROOT) + "'");
		String column = this.settings.tenantColumn();
		String names = PLAIN_IDENTIFIER.matcher(column).matches()
				? text + " ~ " + literal("(^|[^A-Za-z0-9_$\"])" + column + "($|[^A-Za-z0-9_$\"])")
				: "position(" + literal("\"" + column + "\"") + " IN " + text + ") > 0";
		return "(position(" + setting + " IN lower(" + text + ")) > 0 AND " + names + ")";
	}

	private static String finding(IsolationCheck check, String severity, String problemFormat, String fixFormat,
			String condition) {
		return "SELECT t.oid, '" + check.name() + "', '" + severity + "', format(" + problemFormat + "), format("
				+ fixFormat + ") FROM t WHERE " + condition;
	}

	/** A validated name, or text without quotes, as an SQL string literal. */
	private static String literal(String value) {
		return "'" + escape(value) + "'";
	}

	private static String escape(String value) {
		return value.replace("'", "''");
	}

}
