package io.dotmac.database.rls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;

import static io.dotmac.database.rls.SqlIdentifiers.literal;
import static io.dotmac.database.rls.SqlIdentifiers.quote;

/**
 * The SQL that puts a table under tenant isolation, and takes it out again: what
 * {@link RlsPolicyManager} runs over JDBC and what the Liquibase change type
 * {@code enableTenantRls} runs in a changeset, so both do exactly the same.
 * <p>
 * Every statement is idempotent: running the list twice, or after a partial earlier run,
 * leaves the table as one run would. Catalog checks happen in PL/pgSQL {@code DO} blocks
 * on the server, so the statements also work as plain SQL scripts (Liquibase
 * {@code update-sql}). All names are validated identifiers and are double-quoted.
 * <p>
 * For a table {@code customers} with the defaults, {@link #enable} amounts to:
 * <pre>{@code
 * ALTER TABLE "customers" ENABLE ROW LEVEL SECURITY;
 * ALTER TABLE "customers" FORCE ROW LEVEL SECURITY;
 * CREATE POLICY dotmac_tenant_isolation ON "customers" AS PERMISSIVE FOR ALL TO PUBLIC
 *     USING ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), ''))
 *     WITH CHECK ("tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), ''));
 * GRANT SELECT, INSERT, UPDATE, DELETE ON "customers" TO "dotmac_rls_system";
 * CREATE POLICY dotmac_system_access ON "customers" AS PERMISSIVE FOR ALL TO "dotmac_rls_system"
 *     USING (true) WITH CHECK (true);
 * CREATE INDEX "customers_tenant_id_email_idx" ON "customers" ("tenant_id", "email");
 * }</pre>
 * The tenant policy is a plain equality on the tenant column, which the planner turns
 * into an index condition; an unset or empty setting compares with {@code NULL} and
 * matches no row. Cross-tenant access is a separate policy for the system role only,
 * never an {@code OR} in the tenant policy, which would stop index use.
 */
public final class RlsPolicyStatements {

	/** Name of the tenant policy on every tenant table. */
	public static final String TENANT_POLICY_NAME = "dotmac_tenant_isolation";

	/** Name of the system-scope policy on every tenant table. */
	public static final String SYSTEM_POLICY_NAME = "dotmac_system_access";

	/** PostgreSQL 16 brought per-grant INHERIT and SET options for role membership. */
	private static final int FIRST_VERSION_WITH_MEMBERSHIP_OPTIONS = 16;

	private static final String DML = "SELECT, INSERT, UPDATE, DELETE";

	private final RlsSettings settings;

	/**
	 * Statements for the given settings (setting name, default tenant column, system role).
	 * @param settings the settings
	 */
	public RlsPolicyStatements(RlsSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
	}

	/**
	 * The policy predicate for a tenant column.
	 * @param tenantColumn the validated column name
	 * @return the predicate, for {@code USING} and {@code WITH CHECK}
	 */
	public String tenantPredicate(String tenantColumn) {
		return "(" + quote(SqlIdentifiers.requireIdentifier("tenant column name", tenantColumn))
				+ " = NULLIF(current_setting(" + literal(this.settings.settingName()) + ", true), ''))";
	}

	/**
	 * Everything that puts a table under tenant isolation: enable and force Row-Level
	 * Security, the tenant policy, the system-scope policy with the system role's
	 * privileges (when a system role is configured; the role must exist), and the
	 * tenant-leading indexes.
	 * @param table the table
	 * @return the statements, in order
	 */
	public List<String> enable(TenantTable table) {
		List<String> statements = new ArrayList<>();
		String name = table.qualifiedName();
		statements.add("ALTER TABLE " + name + " ENABLE ROW LEVEL SECURITY");
		statements.add("ALTER TABLE " + name + " FORCE ROW LEVEL SECURITY");
		String predicate = tenantPredicate(tenantColumn(table));
		statements.add(createOrAlterPolicy(table, TENANT_POLICY_NAME, "PUBLIC", predicate));
		String systemRole = this.settings.systemRole();
		if (systemRole != null) {
			statements.add(grantToSystemRole(table, systemRole));
			statements.add(createOrAlterPolicy(table, SYSTEM_POLICY_NAME, quote(systemRole), "(true)"));
		}
		statements.addAll(indexes(table));
		return statements;
	}

	/**
	 * The tenant-leading indexes of a table (the seed's
	 * {@code create_indexes_for_tenant_aware_table}): one on the tenant column followed by
	 * the columns of each {@link TenantTable#withIndex index}, then one on the tenant column
	 * alone. An index is skipped when a valid, non-partial index already starts with the
	 * same columns, whatever its name, so nothing is created twice.
	 * @param table the table
	 * @return the statements, in order
	 */
	public List<String> indexes(TenantTable table) {
		List<String> statements = new ArrayList<>();
		for (List<String> columns : indexColumnLists(table)) {
			statements.add(createIndexUnlessCovered(table, columns));
		}
		return statements;
	}

	/**
	 * What {@link #enable} did, undone: drop both policies, no longer force or enable
	 * Row-Level Security, revoke the system role's privileges, drop the indexes under the
	 * names {@link #enable} gives them. The table is then no longer isolated.
	 * @param table the table
	 * @return the statements, in order
	 */
	public List<String> disable(TenantTable table) {
		List<String> statements = new ArrayList<>();
		String name = table.qualifiedName();
		statements.add("DROP POLICY IF EXISTS " + quote(SYSTEM_POLICY_NAME) + " ON " + name);
		statements.add("DROP POLICY IF EXISTS " + quote(TENANT_POLICY_NAME) + " ON " + name);
		statements.add("ALTER TABLE " + name + " NO FORCE ROW LEVEL SECURITY");
		statements.add("ALTER TABLE " + name + " DISABLE ROW LEVEL SECURITY");
		String systemRole = this.settings.systemRole();
		if (systemRole != null) {
			statements.add(doBlock("IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = " + literal(systemRole)
					+ ") THEN\n    REVOKE " + DML + " ON TABLE " + name + " FROM " + quote(systemRole) + ";\n  END IF;"));
		}
		String schemaPrefix = (table.schema() != null) ? quote(table.schema()) + "." : "";
		for (List<String> columns : indexColumnLists(table)) {
			statements.add("DROP INDEX IF EXISTS " + schemaPrefix + quote(indexName(table, columns)));
		}
		return statements;
	}

	/**
	 * Create the system-scope role if it is missing and let each member role switch to
	 * it without inheriting it: on PostgreSQL 16 and later {@code GRANT ... WITH INHERIT
	 * FALSE, SET TRUE} (re-granting updates an existing membership); on older servers the
	 * member role itself must be {@code NOINHERIT}, which is checked, not changed. Needs a
	 * role with {@code CREATEROLE} (and admin rights on the system role) or a superuser.
	 * @param serverMajorVersion the server's major version, such as 17
	 * @param memberRoles the roles that may enter the system scope: the application's
	 * @return the statements, in order
	 */
	public List<String> createSystemRole(int serverMajorVersion, List<String> memberRoles) {
		String systemRole = this.settings.systemRole();
		if (systemRole == null) {
			throw new DatabaseValidationException(
					"No system role is configured, so there is none to create");
		}
		List<String> statements = new ArrayList<>();
		// Two instances starting together may both pass the check; the loser's CREATE waits
		// for the winner and then fails as a duplicate, which here means "done".
		statements.add(doBlock("IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = "
				+ literal(systemRole) + ") THEN\n    BEGIN\n      CREATE ROLE " + quote(systemRole)
				+ " NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;\n"
				+ "    EXCEPTION WHEN duplicate_object OR unique_violation THEN\n      NULL;\n    END;\n  END IF;"));
		for (String member : memberRoles) {
			String memberRole = SqlIdentifiers.requireIdentifier("member role name", member);
			if (serverMajorVersion >= FIRST_VERSION_WITH_MEMBERSHIP_OPTIONS) {
				statements.add("GRANT " + quote(systemRole) + " TO " + quote(memberRole) + " WITH INHERIT FALSE, SET TRUE");
			}
			else {
				statements.add(doBlock("IF (SELECT rolinherit FROM pg_catalog.pg_roles WHERE rolname = "
						+ literal(memberRole) + ") THEN\n    RAISE EXCEPTION 'Role % inherits the privileges of its roles', "
						+ literal(memberRole) + "\n      USING HINT = 'Before PostgreSQL 16 a role that may switch to the "
						+ "system role must be NOINHERIT, or the system policy would apply to it all the time: ALTER ROLE "
						+ memberRole + " NOINHERIT';\n  END IF;\n  GRANT " + quote(systemRole) + " TO " + quote(memberRole)
						+ ";"));
			}
		}
		return statements;
	}

	private String tenantColumn(TenantTable table) {
		return (table.tenantColumn() != null) ? table.tenantColumn() : this.settings.tenantColumn();
	}

	private String createOrAlterPolicy(TenantTable table, String policy, String role, String predicate) {
		String name = table.qualifiedName();
		String match = "FROM pg_catalog.pg_policy WHERE polrelid = " + literal(name) + "::regclass AND polname = "
				+ literal(policy);
		// ALTER POLICY cannot change the command or the permissive flag: replace such a policy.
		return doBlock("IF EXISTS (SELECT 1 " + match + " AND (polcmd <> '*' OR NOT polpermissive)) THEN\n"
				+ "    DROP POLICY " + quote(policy) + " ON " + name + ";\n  END IF;\n"
				+ "  IF EXISTS (SELECT 1 " + match + ") THEN\n"
				+ "    ALTER POLICY " + quote(policy) + " ON " + name + " TO " + role + " USING " + predicate
				+ " WITH CHECK " + predicate + ";\n  ELSE\n"
				+ "    CREATE POLICY " + quote(policy) + " ON " + name + " AS PERMISSIVE FOR ALL TO " + role + " USING "
				+ predicate + " WITH CHECK " + predicate + ";\n  END IF;");
	}

	private String grantToSystemRole(TenantTable table, String systemRole) {
		String name = table.qualifiedName();
		String regclass = literal(name) + "::regclass";
		return doBlock("IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = " + literal(systemRole)
				+ ") THEN\n    RAISE EXCEPTION 'Role % for the system scope does not exist', " + literal(systemRole)
				+ "\n      USING HINT = 'Create it as an administrator (CREATE ROLE " + systemRole + " NOLOGIN; GRANT "
				+ systemRole + " TO <application role> WITH INHERIT FALSE, SET TRUE), or set up the table without "
				+ "a system role';\n  END IF;\n"
				+ "  IF NOT has_schema_privilege(" + literal(systemRole)
				+ ", (SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = " + regclass + "), 'USAGE') THEN\n"
				+ "    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', (SELECT n.nspname FROM pg_catalog.pg_class c "
				+ "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = " + regclass + "), "
				+ literal(systemRole) + ");\n  END IF;\n"
				+ "  GRANT " + DML + " ON TABLE " + name + " TO " + quote(systemRole) + ";\n"
				// Serial and identity columns: inserting in the system scope draws from their sequences.
				+ "  FOR seq IN SELECT d.objid::regclass::text FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s "
				+ "ON s.oid = d.objid AND s.relkind = 'S' WHERE d.classid = 'pg_catalog.pg_class'::regclass "
				+ "AND d.refobjid = " + regclass + " AND d.deptype IN ('a', 'i') LOOP\n"
				+ "    EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO %I', seq, " + literal(systemRole) + ");\n"
				+ "  END LOOP;", "seq text;");
	}

	private List<List<String>> indexColumnLists(TenantTable table) {
		String tenantColumn = tenantColumn(table);
		List<List<String>> lists = new ArrayList<>();
		// The wider indexes first: each of them also serves tenant-only lookups, so the
		// tenant-only index is then skipped as covered.
		for (List<String> columns : table.indexes()) {
			List<String> list = new ArrayList<>();
			list.add(tenantColumn);
			list.addAll(columns);
			lists.add(list);
		}
		lists.add(List.of(tenantColumn));
		return lists;
	}

	private String createIndexUnlessCovered(TenantTable table, List<String> columns) {
		String name = table.qualifiedName();
		String regclass = literal(name) + "::regclass";
		StringBuilder names = new StringBuilder();
		StringBuilder quoted = new StringBuilder();
		for (String column : columns) {
			names.append(names.isEmpty() ? "" : ", ").append(literal(column));
			quoted.append(quoted.isEmpty() ? "" : ", ").append(quote(column));
		}
		return doBlock("IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = " + regclass
				+ " AND i.indisvalid AND i.indpred IS NULL\n"
				+ "      AND (string_to_array(i.indkey::text, ' ')::int2[])[1:" + columns.size() + "] = ARRAY("
				+ "SELECT a.attnum FROM unnest(ARRAY[" + names + "]::name[]) WITH ORDINALITY AS c(name, ord) "
				+ "JOIN pg_catalog.pg_attribute a ON a.attrelid = " + regclass
				+ " AND a.attname = c.name ORDER BY c.ord)) THEN\n"
				+ "    CREATE INDEX " + quote(indexName(table, columns)) + " ON " + name + " (" + quoted + ");\n  END IF;");
	}

	/**
	 * {@code <table>_<columns>_idx}, shortened with a hash of the full name when it would
	 * pass PostgreSQL's 63-byte limit (which would otherwise cut it silently).
	 */
	static String indexName(TenantTable table, List<String> columns) {
		String full = table.table() + "_" + String.join("_", columns) + "_idx";
		if (full.length() <= SqlIdentifiers.MAX_IDENTIFIER_LENGTH) {
			return full;
		}
		CRC32 crc = new CRC32();
		crc.update(full.getBytes(StandardCharsets.UTF_8));
		String hash = String.format("%08x", crc.getValue());
		String suffix = "_" + hash + "_idx";
		return full.substring(0, SqlIdentifiers.MAX_IDENTIFIER_LENGTH - suffix.length()) + suffix;
	}

	private static String doBlock(String body) {
		return doBlock(body, null);
	}

	private static String doBlock(String body, @Nullable String declarations) {
		return "DO $dotmac$\n" + ((declarations != null) ? "DECLARE\n  " + declarations + "\n" : "") + "BEGIN\n  "
				+ body + "\nEND\n$dotmac$";
	}

}
