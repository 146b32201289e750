package io.dotmac.database.rls;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.rls.IsolationFinding.Severity;
import io.dotmac.database.tenant.TenantContext;

/**
 * Checks, in PostgreSQL's own catalogs, that the database enforces tenant isolation for the
 * role an application connects as.
 * <p>
 * The audited role is {@code current_user} of a connection from the given
 * {@link DataSource}, because that is the role PostgreSQL checks policies against. The
 * audit finds every tenant-aware table (a table or partitioned table, partitions included,
 * with the {@link IsolationAuditSettings#tenantColumn() tenant column}) in the configured
 * schemas and reports:
 * <ul>
 * <li>the role is a superuser or has {@code BYPASSRLS} (error): either bypasses every
 * policy. Both attributes are checked on the role itself, because PostgreSQL checks them
 * there: they are never inherited through role membership. A role the application can
 * switch to with {@code SET ROLE} (or back to with {@code RESET ROLE}) and that has
 * either attribute is a warning: isolation holds until a statement switches;</li>
 * <li>a table without Row-Level Security (error); a table where it is not forced (error
 * when the role owns the table, directly or by inheriting the owner's privileges, because
 * the owner is exempt from the policies; a warning otherwise);</li>
 * <li>no policy that applies to the role (error); none that compares the tenant column
 * with the tenant setting (error); a permissive policy for the role that does not, and so
 * opens other tenants' rows because permissive policies are combined with {@code OR}
 * (error, unless a restrictive tenant policy covers the same commands);</li>
 * <li>a nullable tenant column, and no valid index with the tenant column first
 * (warnings).</li>
 * </ul>
 * No tenant-aware table at all is reported as information: an application without tenant
 * tables yet is not a violation. Each finding carries the SQL that fixes it.
 * <p>
 * Whether a policy compares the tenant column with the setting is judged from its
 * expression text: it must name both the column and the setting (as
 * {@code current_setting('app.current_tenant_id', true)} does). A policy that reads the
 * setting through a function of its own is not recognised; one that names both but
 * compares them wrongly is not caught. Views are not audited.
 * <p>
 * The audit reads catalogs only, in a handful of queries on one connection, and changes
 * nothing. It is thread-safe and can run as often as needed (a health check runs it on
 * every call).
 */
public final class IsolationAuditor {

	/** {@code pg_has_role(…, 'SET')} exists from PostgreSQL 16; before, membership implies it. */
	private static final int SET_OPTION_VERSION = 160000;

	/** The bootstrap superuser, which PostgreSQL 16 and later never let lose SUPERUSER. */
	private static final long BOOTSTRAP_SUPERUSER_OID = 10;

	private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

	private static final String ROLE_QUERY = """
			SELECT r.oid, r.rolname, quote_ident(r.rolname), r.rolsuper, r.rolbypassrls,
			       s.rolname, s.rolsuper, s.rolbypassrls,
			       current_setting('server_version_num')::int
			FROM pg_roles r, pg_roles s
			WHERE r.rolname = current_user AND s.rolname = session_user""";

	private static final String SWITCHABLE_ROLES_QUERY = """
			SELECT r.rolname, quote_ident(r.rolname), r.rolsuper, r.rolbypassrls
			FROM pg_roles r
			WHERE (r.rolsuper OR r.rolbypassrls) AND r.rolname <> current_user
			  AND pg_has_role(current_user, r.oid, ?)
			ORDER BY r.rolname""";

	private static final String SEARCH_PATH_QUERY = "SELECT unnest(current_schemas(false))::text";

	private static final String EXISTING_SCHEMAS_QUERY = "SELECT nspname::text FROM pg_namespace WHERE nspname = ANY (?)";

	private static final String TABLES_QUERY = """
			SELECT c.oid, n.nspname, c.relname, c.relkind,
			       quote_ident(n.nspname) || '.' || quote_ident(c.relname),
			       c.relrowsecurity, c.relforcerowsecurity,
			       pg_get_userbyid(c.relowner),
			       c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user),
			       pg_has_role(current_user, c.relowner, 'USAGE'),
			       a.attnotnull, quote_ident(a.attname),
			       EXISTS (SELECT 1 FROM pg_index i
			               WHERE i.indrelid = c.oid AND i.indisvalid AND i.indkey[0] = a.attnum
			                 AND i.indpred IS NULL),
			       quote_ident(left(c.relname || '_' || a.attname, 59) || '_idx')
			FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped
			WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (?)
			ORDER BY array_position(?, n.nspname::text), c.relname""";

	private static final String POLICIES_QUERY = """
			SELECT p.polrelid, p.polname, quote_ident(p.polname), p.polpermissive, p.polcmd,
			       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
			       0 = ANY (p.polroles) OR EXISTS (
			           SELECT 1 FROM unnest(p.polroles) AS r(oid)
			           WHERE r.oid <> 0 AND pg_has_role(current_user, r.oid, 'USAGE')),
			       ARRAY(SELECT CASE WHEN r.oid = 0 THEN 'public' ELSE pg_get_userbyid(r.oid)::text END
			             FROM unnest(p.polroles) AS r(oid))
			FROM pg_policy p
			JOIN pg_class c ON c.oid = p.polrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = ANY (?)
			ORDER BY p.polrelid, p.polname""";

	private final JdbcTemplate jdbcTemplate;

	private final IsolationAuditSettings settings;

	/**
	 * Create an auditor with the {@link IsolationAuditSettings#defaults() default settings}.
	 * @param dataSource the application's DataSource; the audit checks the role its
	 * connections run as
	 */
	public IsolationAuditor(DataSource dataSource) {
		this(dataSource, IsolationAuditSettings.defaults());
	}

	/**
	 * Create an auditor.
	 * @param dataSource the application's DataSource; the audit checks the role its
	 * connections run as
	 * @param settings what to audit
	 */
	public IsolationAuditor(DataSource dataSource, IsolationAuditSettings settings) {
		Objects.requireNonNull(dataSource, "dataSource");
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.settings = Objects.requireNonNull(settings, "settings");
	}

	/**
	 * The settings this auditor uses.
	 * @return the settings
	 */
	public IsolationAuditSettings settings() {
		return this.settings;
	}

	/**
	 * Run the audit.
	 * @return the report
	 * @throws DataAccessException if the database cannot be reached or the catalogs cannot
	 * be read
	 */
	public IsolationReport audit() {
		// Audit the application's own role with no tenant bound, whatever scope the caller
		// is in: in the system scope the hook would switch roles, with a tenant it might
		// refuse auto-commit statements.
		try (TenantContext.Scope noTenant = TenantContext.clear()) {
			IsolationReport report = this.jdbcTemplate.execute((ConnectionCallback<IsolationReport>) this::audit);
			return Objects.requireNonNull(report);
		}
	}

	private IsolationReport audit(Connection connection) throws SQLException {
		List<IsolationFinding> findings = new ArrayList<>();
		Role role = role(connection);
		checkRole(connection, role, findings);
		List<String> schemas = schemas(connection, findings);
		List<Table> tables = tables(connection, schemas);
		Map<Long, List<Policy>> policies = policies(connection, schemas);
		List<String> tenantTables = new ArrayList<>();
		for (Table table : tables) {
			tenantTables.add(table.name());
			checkTable(table, role, policies.getOrDefault(table.oid(), List.of()), findings);
		}
		if (tables.isEmpty()) {
			findings.add(new IsolationFinding(Severity.INFO, IsolationCheck.NO_TENANT_TABLES, "",
					"No table in " + (schemas.isEmpty() ? "any schema" : "schemas " + String.join(", ", schemas))
							+ " has a column " + this.settings.tenantColumn() + "; nothing to protect yet.",
					null));
		}
		return new IsolationReport(role.name(), schemas, tenantTables, findings, Instant.now());
	}

	private Role role(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(ROLE_QUERY);
				ResultSet result = statement.executeQuery()) {
			if (!result.next()) {
				throw new SQLException("current_user or session_user not found in pg_roles");
			}
			return new Role(result.getLong(1), result.getString(2), result.getString(3), result.getBoolean(4),
					result.getBoolean(5), result.getString(6), result.getBoolean(7), result.getBoolean(8),
					result.getInt(9));
		}
	}

	private void checkRole(Connection connection, Role role, List<IsolationFinding> findings) throws SQLException {
		if (role.superuser()) {
			String fix = (role.oid() == BOOTSTRAP_SUPERUSER_OID)
					? "-- " + role.name() + " is the bootstrap superuser; connect as an ordinary role instead, e.g.\n"
							+ "CREATE ROLE app_user LOGIN PASSWORD 'change-me' NOSUPERUSER NOBYPASSRLS;"
					: "ALTER ROLE " + role.ident() + " NOSUPERUSER;";
			findings.add(new IsolationFinding(Severity.ERROR, IsolationCheck.SUPERUSER, role.name(),
					"The application connects as " + role.name() + ", a superuser. Superusers bypass Row-Level "
							+ "Security, even on tables that FORCE it: every tenant sees every row. Connect as "
							+ "an ordinary role that owns no tenant table.",
					fix));
			// A superuser can become anyone; listing roles to switch to would add nothing.
			return;
		}
		if (role.bypassRls()) {
			findings.add(new IsolationFinding(Severity.ERROR, IsolationCheck.BYPASSRLS, role.name(),
					"The application role " + role.name() + " has BYPASSRLS: no policy applies to it, so every "
							+ "tenant sees every row.",
					"ALTER ROLE " + role.ident() + " NOBYPASSRLS;"));
		}
		Set<String> reported = new LinkedHashSet<>();
		if (!role.sessionName().equals(role.name()) && (role.sessionSuperuser() || role.sessionBypassRls())) {
			reported.add(role.sessionName());
			findings.add(new IsolationFinding(Severity.WARNING, IsolationCheck.SWITCHABLE_BYPASS_ROLE, role.name(),
					"The connection logs in as " + role.sessionName() + " ("
							+ attributes(role.sessionSuperuser(), role.sessionBypassRls()) + ") and runs as "
							+ role.name() + " through SET ROLE; one RESET ROLE bypasses Row-Level Security. Log in as "
							+ role.name() + " instead.",
					null));
		}
		String privilege = (role.serverVersion() >= SET_OPTION_VERSION) ? "SET" : "MEMBER";
		try (PreparedStatement statement = connection.prepareStatement(SWITCHABLE_ROLES_QUERY)) {
			statement.setString(1, privilege);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					String target = result.getString(1);
					if (!reported.add(target)) {
						continue;
					}
					findings.add(new IsolationFinding(Severity.WARNING, IsolationCheck.SWITCHABLE_BYPASS_ROLE,
							role.name(),
							"The application role " + role.name() + " can SET ROLE " + target + " ("
									+ attributes(result.getBoolean(3), result.getBoolean(4))
									+ "). Membership alone does not bypass Row-Level Security, but that one "
									+ "statement does. Revoke the membership (it may be granted through another "
									+ "role).",
							"REVOKE " + result.getString(2) + " FROM " + role.ident() + ";"));
				}
			}
		}
	}

	private List<String> schemas(Connection connection, List<IsolationFinding> findings) throws SQLException {
		List<String> configured = this.settings.schemas();
		if (configured.isEmpty()) {
			List<String> schemas = new ArrayList<>();
			try (PreparedStatement statement = connection.prepareStatement(SEARCH_PATH_QUERY);
					ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					schemas.add(result.getString(1));
				}
			}
			return schemas;
		}
		Set<String> existing = new LinkedHashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(EXISTING_SCHEMAS_QUERY)) {
			statement.setArray(1, textArray(connection, configured));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					existing.add(result.getString(1));
				}
			}
		}
		List<String> schemas = new ArrayList<>();
		for (String schema : configured) {
			if (existing.contains(schema)) {
				schemas.add(schema);
			}
			else {
				findings.add(new IsolationFinding(Severity.WARNING, IsolationCheck.SCHEMA_NOT_FOUND, schema,
						"Schema " + schema + " is configured for the audit but does not exist (names are "
								+ "case-sensitive; unquoted names are stored in lower case).",
						null));
			}
		}
		return schemas;
	}

	private List<Table> tables(Connection connection, List<String> schemas) throws SQLException {
		List<Table> tables = new ArrayList<>();
		if (schemas.isEmpty()) {
			return tables;
		}
		try (PreparedStatement statement = connection.prepareStatement(TABLES_QUERY)) {
			Array schemaArray = textArray(connection, schemas);
			statement.setString(1, this.settings.tenantColumn());
			statement.setArray(2, schemaArray);
			statement.setArray(3, schemaArray);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					String schema = result.getString(2);
					String name = result.getString(3);
					if (this.settings.isIgnored(schema, name)) {
						continue;
					}
					tables.add(new Table(result.getLong(1), schema + "." + name, "p".equals(result.getString(4)),
							result.getString(5), result.getBoolean(6), result.getBoolean(7), result.getString(8),
							result.getBoolean(9), result.getBoolean(10), result.getBoolean(11), result.getString(12),
							result.getBoolean(13), result.getString(14)));
				}
			}
		}
		return tables;
	}

	private Map<Long, List<Policy>> policies(Connection connection, List<String> schemas) throws SQLException {
		Map<Long, List<Policy>> policies = new LinkedHashMap<>();
		if (schemas.isEmpty()) {
			return policies;
		}
		try (PreparedStatement statement = connection.prepareStatement(POLICIES_QUERY)) {
			statement.setArray(1, textArray(connection, schemas));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					Array roles = result.getArray(9);
					List<String> roleNames = List.of((String[]) roles.getArray());
					roles.free();
					Policy policy = new Policy(result.getString(2), result.getString(3), result.getBoolean(4),
							Command.of(result.getString(5)), result.getString(6), result.getString(7),
							result.getBoolean(8), roleNames);
					policies.computeIfAbsent(result.getLong(1), (oid) -> new ArrayList<>()).add(policy);
				}
			}
		}
		return policies;
	}

	private void checkTable(Table table, Role role, List<Policy> policies, List<IsolationFinding> findings) {
		checkRowLevelSecurity(table, role, findings);
		checkPolicies(table, role, policies, findings);
		if (!table.notNull()) {
			findings.add(new IsolationFinding(Severity.WARNING, IsolationCheck.NULLABLE_TENANT_COLUMN, table.name(),
					"Column " + this.settings.tenantColumn() + " of " + table.name() + " accepts NULL; such rows "
							+ "belong to no tenant and no tenant can see them. Assign or delete them first.",
					"ALTER TABLE " + table.ident() + " ALTER COLUMN " + table.columnIdent() + " SET NOT NULL;"));
		}
		if (!table.indexed()) {
			// CONCURRENTLY keeps the table writable, but PostgreSQL does not support it on a
			// partitioned table.
			String create = table.partitioned() ? "CREATE INDEX " : "CREATE INDEX CONCURRENTLY ";
			findings.add(new IsolationFinding(Severity.WARNING, IsolationCheck.NO_TENANT_INDEX, table.name(),
					"No valid index of " + table.name() + " starts with " + this.settings.tenantColumn()
							+ ", so every tenant's query reads the rows of all tenants before the policy filters "
							+ "them. Lead an index (or the primary key) with the tenant column.",
					create + table.indexName() + " ON " + table.ident() + " (" + table.columnIdent() + ");"));
		}
	}

	private void checkRowLevelSecurity(Table table, Role role, List<IsolationFinding> findings) {
		if (!table.rowSecurity()) {
			findings.add(new IsolationFinding(Severity.ERROR, IsolationCheck.RLS_DISABLED, table.name(),
					"Row-Level Security is not enabled on " + table.name() + ": every role that may read it sees "
							+ "the rows of all tenants.",
					"ALTER TABLE " + table.ident() + " ENABLE ROW LEVEL SECURITY;\nALTER TABLE " + table.ident()
							+ " FORCE ROW LEVEL SECURITY;"));
			return;
		}
		if (table.forceRowSecurity()) {
			return;
		}
		String fix = "ALTER TABLE " + table.ident() + " FORCE ROW LEVEL SECURITY;";
		// A superuser bypasses RLS anyway (reported above); pg_has_role is true for it on
		// every owner, which would blame ownership for what superuser does.
		boolean appOwns = role.superuser() ? table.ownedDirectly() : table.ownerPrivileges();
		if (appOwns) {
			String how = table.ownedDirectly() ? "is owned by the application role " + role.name()
					: "is owned by " + table.owner() + ", whose privileges the application role " + role.name()
							+ " inherits";
			findings.add(new IsolationFinding(Severity.ERROR, IsolationCheck.RLS_NOT_FORCED, table.name(),
					table.name() + " " + how + " and does not FORCE Row-Level Security. The owner is exempt from "
							+ "the policies, so the application sees the rows of all tenants. Force it, or let "
							+ "another role own the table.",
					fix));
		}
		else {
			findings.add(new IsolationFinding(Severity.WARNING, IsolationCheck.RLS_NOT_FORCED, table.name(),
					table.name() + " does not FORCE Row-Level Security. The application role is subject to the "
							+ "policies, but its owner " + table.owner() + " is not: any connection as "
							+ table.owner() + " sees the rows of all tenants.",
					fix));
		}
	}

	private void checkPolicies(Table table, Role role, List<Policy> policies, List<IsolationFinding> findings) {
		List<Policy> applicable = policies.stream().filter(Policy::appliesToRole).toList();
		if (applicable.isEmpty()) {
			String others = policies.isEmpty() ? "It has no policy at all."
					: "Its policies are for other roles: " + policies.stream()
						.map((policy) -> policy.name() + " (" + String.join(", ", policy.roles()) + ")")
						.collect(Collectors.joining(", ")) + ".";
			findings.add(new IsolationFinding(Severity.ERROR, IsolationCheck.NO_POLICY, table.name(),
					"No policy of " + table.name() + " applies to the application role " + role.name() + ". " + others
							+ " Isolation is not defined for it: the role sees no rows until a policy is added, and "
							+ "which rows it sees then depends on that policy.",
					tenantPolicy(table, policies)));
			return;
		}
		List<Policy> scoped = applicable.stream().filter((policy) -> isTenantScoped(policy, table)).toList();
		if (scoped.isEmpty()) {
			StringBuilder fix = new StringBuilder();
			for (Policy policy : applicable) {
				if (policy.permissive()) {
					fix.append("DROP POLICY ").append(policy.ident()).append(" ON ").append(table.ident()).append(";\n");
				}
			}
			findings.add(new IsolationFinding(Severity.ERROR, IsolationCheck.NO_TENANT_POLICY, table.name(),
					"No policy of " + table.name() + " for the application role compares "
							+ this.settings.tenantColumn() + " with current_setting('" + this.settings.settingName()
							+ "', true); found: "
							+ applicable.stream().map(Policy::name).collect(Collectors.joining(", ")) + ".",
					fix.append(tenantPolicy(table, policies)).toString()));
			return;
		}
		// Restrictive policies are combined with AND: a restrictive tenant policy confines
		// every permissive policy of the same command, whatever it says.
		Set<Command> confined = EnumSet.noneOf(Command.class);
		for (Policy policy : scoped) {
			if (!policy.permissive()) {
				confined.addAll(policy.command().covers());
			}
		}
		for (Policy policy : applicable) {
			if (!policy.permissive() || scoped.contains(policy)) {
				continue;
			}
			Set<Command> open = EnumSet.copyOf(policy.command().covers());
			open.removeAll(confined);
			if (open.isEmpty()) {
				continue;
			}
			findings.add(new IsolationFinding(Severity.ERROR, IsolationCheck.UNSCOPED_POLICY, table.name(),
					"Permissive policy " + policy.name() + " of " + table.name() + " applies to the application role "
							+ "for " + open.stream().map(Command::name).collect(Collectors.joining(", "))
							+ " and does not compare " + this.settings.tenantColumn() + " with the tenant setting. "
							+ "Permissive policies are combined with OR, so it opens the rows of all tenants. Drop "
							+ "it, make it RESTRICTIVE, or limit it to another role (ALTER POLICY … TO role).",
					"DROP POLICY " + policy.ident() + " ON " + table.ident() + ";"));
		}
	}

	/**
	 * Whether every expression of a policy (USING and WITH CHECK, whichever it has) names
	 * both the tenant column and the tenant setting.
	 */
	private boolean isTenantScoped(Policy policy, Table table) {
		String using = policy.using();
		String withCheck = policy.withCheck();
		if (using == null && withCheck == null) {
			return false;
		}
		return (using == null || isTenantComparison(using, table))
				&& (withCheck == null || isTenantComparison(withCheck, table));
	}

	private boolean isTenantComparison(String expression, Table table) {
		return readsSetting(expression) && namesColumn(expression, table.columnIdent());
	}

	private boolean readsSetting(String expression) {
		// Setting names are case-insensitive; the deparsed literal is quoted: 'app.x'::text.
		return expression.toLowerCase(Locale.ROOT)
			.contains("'" + this.settings.settingName().toLowerCase(Locale.ROOT) + "'");
	}

	private static boolean namesColumn(String expression, String columnIdent) {
		if (!PLAIN_IDENTIFIER.matcher(columnIdent).matches()) {
			// Quoted by quote_ident, exactly as pg_get_expr quotes it.
			return expression.contains(columnIdent);
		}
		return Pattern.compile("(?<![A-Za-z0-9_$\"])" + Pattern.quote(columnIdent) + "(?![A-Za-z0-9_$\"])")
			.matcher(expression)
			.find();
	}

	private String tenantPolicy(Table table, List<Policy> existing) {
		Set<String> names = existing.stream().map(Policy::name).collect(Collectors.toSet());
		String name = "tenant_isolation";
		for (int i = 2; names.contains(name); i++) {
			name = "tenant_isolation_" + i;
		}
		return "CREATE POLICY " + name + " ON " + table.ident() + " USING (" + table.columnIdent()
				+ " = NULLIF(current_setting('" + this.settings.settingName() + "', true), ''));";
	}

	private static String attributes(boolean superuser, boolean bypassRls) {
		if (superuser && bypassRls) {
			return "SUPERUSER, BYPASSRLS";
		}
		return superuser ? "SUPERUSER" : "BYPASSRLS";
	}

	private static Array textArray(Connection connection, List<String> values) throws SQLException {
		return connection.createArrayOf("text", values.toArray());
	}

	private record Role(long oid, String name, String ident, boolean superuser, boolean bypassRls, String sessionName,
			boolean sessionSuperuser, boolean sessionBypassRls, int serverVersion) {
	}

	private record Table(long oid, String name, boolean partitioned, String ident, boolean rowSecurity,
			boolean forceRowSecurity, String owner, boolean ownedDirectly, boolean ownerPrivileges,
			boolean notNull, String columnIdent, boolean indexed, String indexName) {
	}

	private record Policy(String name, String ident, boolean permissive, Command command, @Nullable String using,
			@Nullable String withCheck, boolean appliesToRole, List<String> roles) {
	}

	/** The commands a policy is for, as {@code pg_policy.polcmd} encodes them. */
	private enum Command {

		SELECT, INSERT, UPDATE, DELETE, ALL;

		static Command of(String code) {
			return switch (code) {
				case "r" -> SELECT;
				case "a" -> INSERT;
				case "w" -> UPDATE;
				case "d" -> DELETE;
				default -> ALL;
			};
		}

		Set<Command> covers() {
			return (this == ALL) ? EnumSet.of(SELECT, INSERT, UPDATE, DELETE) : EnumSet.of(this);
		}

	}

}
