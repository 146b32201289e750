package io.dotmac.database.migration.guard;

import liquibase.change.AbstractChange;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.ValidationErrors;
import liquibase.serializer.LiquibaseSerializable.SerializationType;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.SqlIdentifiers;
import io.dotmac.database.rls.liquibase.EnableTenantRlsChange;

/**
 * Liquibase change type {@code tenantDataMigration}: SQL that runs once per tenant with the
 * tenant setting bound (seed 001's "data migration with tenant context"), so the tenant
 * policies confine every statement to that tenant's rows. Write it as if for one tenant:
 * <pre>{@code
 * - tenantDataMigration:
 *     sql: UPDATE customers SET status = 'active' WHERE status IS NULL
 * }</pre>
 * In XML the SQL is the element's text:
 * {@code <dotmac:tenantDataMigration>UPDATE customers SET ...</dotmac:tenantDataMigration>}.
 * <p>
 * In Row-Level Security mode one {@code DO} block (one round trip, inside the changeset's
 * transaction) reads the tenants from the registry table ({@code registryTable}, else the
 * changelog parameter {@code dotmac.tenant-registry.table}, else
 * {@code public.dotmac_tenants}), and for each, in id order, binds the setting with
 * {@code set_config(setting, tenant, true)} and runs the SQL; afterwards the setting is put
 * back. The setting is transaction-local, so nothing outlives the changeset. Policies bind
 * the role that runs the migration only when it is not a superuser, has no
 * {@code BYPASSRLS}, and the tables {@code FORCE} Row-Level Security (the owner is exempt
 * otherwise): the block refuses to run as a role that bypasses Row-Level Security, unless
 * {@code allowBypassRls: true} says that the SQL filters by
 * {@code current_setting('app.current_tenant_id')} itself.
 * <p>
 * In schema-per-tenant mode (changelog parameter {@code dotmac.tenancy.strategy=schema}) the
 * SQL simply runs, once per tenant schema, as the engine runs the tenant part there.
 * <p>
 * Nothing is rolled back by itself: give a {@code rollback} block (which may hold another
 * {@code tenantDataMigration}). The checksum covers the attributes (the SQL included), not the
 * tenants.
 */
@DatabaseChange(name = "tenantDataMigration", description = "Runs SQL once per tenant of the registry with the "
		+ "tenant setting bound, so Row-Level Security confines it to that tenant's rows (schema mode: runs it once "
		+ "in the schema)", priority = ChangeMetaData.PRIORITY_DEFAULT)
public class TenantDataMigrationChange extends AbstractChange {

	/** The changelog parameter with the registry table, as the registry's own changelog uses it. */
	public static final String REGISTRY_TABLE_PARAMETER = "dotmac.tenant-registry.table";

	/** The registry table when neither attribute nor parameter name one. */
	public static final String DEFAULT_REGISTRY_TABLE = "\"public\".\"dotmac_tenants\"";

	private static final String SQL_TAG = "$dotmac_sql$";

	private @Nullable String sql;

	private @Nullable String registryTable;

	private @Nullable String settingName;

	private @Nullable Boolean allowBypassRls;

	/**
	 * The SQL to run for each tenant.
	 * @return the SQL, one or more statements
	 */
	@DatabaseChangeProperty(description = "SQL to run once per tenant, with the tenant setting bound",
			serializationType = SerializationType.DIRECT_VALUE, requiredForDatabase = "all",
			exampleValue = "UPDATE customers SET status = 'active' WHERE status IS NULL")
	public @Nullable String getSql() {
		return this.sql;
	}

	/**
	 * Set the SQL to run for each tenant.
	 * @param sql the SQL
	 */
	public void setSql(@Nullable String sql) {
		this.sql = sql;
	}

	/**
	 * The registry table the tenants are read from.
	 * @return the schema-qualified table, or {@code null} for the parameter or the default
	 */
	@DatabaseChangeProperty(description = "Registry table (schema.table) to read the tenants' ids from; the "
			+ "changelog parameter dotmac.tenant-registry.table, else public.dotmac_tenants, when not given")
	public @Nullable String getRegistryTable() {
		return this.registryTable;
	}

	/**
	 * Set the registry table.
	 * @param registryTable {@code schema.table}
	 */
	public void setRegistryTable(@Nullable String registryTable) {
		this.registryTable = registryTable;
	}

	/**
	 * The tenant setting.
	 * @return the setting, or {@code null} for {@code app.current_tenant_id}
	 */
	@DatabaseChangeProperty(description = "The PostgreSQL setting the tenant policies read; "
			+ "app.current_tenant_id when not given")
	public @Nullable String getSettingName() {
		return this.settingName;
	}

	/**
	 * Set the tenant setting.
	 * @param settingName the setting
	 */
	public void setSettingName(@Nullable String settingName) {
		this.settingName = settingName;
	}

	/**
	 * Whether the SQL may run as a role that bypasses Row-Level Security.
	 * @return {@code true} when the SQL filters by tenant itself; {@code null} means false
	 */
	@DatabaseChangeProperty(description = "Run even as a superuser or BYPASSRLS role, because the SQL filters by "
			+ "current_setting(setting) itself; false when not given")
	public @Nullable Boolean getAllowBypassRls() {
		return this.allowBypassRls;
	}

	/**
	 * Set whether the SQL may run as a role that bypasses Row-Level Security.
	 * @param allowBypassRls {@code true} to allow it
	 */
	public void setAllowBypassRls(@Nullable Boolean allowBypassRls) {
		this.allowBypassRls = allowBypassRls;
	}

	@Override
	public boolean supports(Database database) {
		return database instanceof PostgresDatabase;
	}

	@Override
	public ValidationErrors validate(Database database) {
		ValidationErrors errors = new ValidationErrors(this);
		String problem = problem();
		if (problem != null) {
			errors.addError(problem);
			return errors;
		}
		return super.validate(database);
	}

	@Override
	public boolean generateStatementsVolatile(Database database) {
		return false;
	}

	@Override
	public SqlStatement[] generateStatements(Database database) {
		String body = requireSql();
		if (mode() == TenantIsolationMode.SCHEMA_PER_TENANT) {
			return new SqlStatement[] { new RawSqlStatement(body) };
		}
		String setting = SqlIdentifiers.literal(settingName());
		String bypassCheck = Boolean.TRUE.equals(this.allowBypassRls) ? ""
				: "  IF (SELECT rolsuper OR rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN\n"
						+ "    RAISE EXCEPTION 'tenantDataMigration runs as %, which bypasses Row-Level Security: every "
						+ "tenant''s pass would see the rows of all tenants', current_user\n"
						+ "      USING HINT = 'Run migrations as the tables'' owner (an ordinary role; the tables must FORCE "
						+ "Row-Level Security), or filter by current_setting(' || " + setting
						+ " || ') in the SQL and set allowBypassRls: true';\n  END IF;\n";
		String block = "DO $dotmac$\nDECLARE\n  tenant text;\n  previous text := current_setting(" + setting
				+ ", true);\nBEGIN\n" + bypassCheck
				+ "  FOR tenant IN SELECT id FROM " + registryTable() + " ORDER BY id LOOP\n"
				+ "    PERFORM set_config(" + setting + ", tenant, true);\n"
				+ "    EXECUTE " + SQL_TAG + body + SQL_TAG + ";\n"
				+ "  END LOOP;\n"
				+ "  PERFORM set_config(" + setting + ", coalesce(previous, ''), true);\nEND\n$dotmac$";
		return new SqlStatement[] { new RawSqlStatement(block) };
	}

	@Override
	public String getConfirmationMessage() {
		return "Data migration run for each tenant";
	}

	@Override
	public String getSerializedObjectNamespace() {
		return EnableTenantRlsChange.XML_NAMESPACE;
	}

	private @Nullable String problem() {
		try {
			requireSql();
			settingName();
			registryTable();
			mode();
			return null;
		}
		catch (IllegalArgumentException | io.dotmac.database.DatabaseValidationException ex) {
			return ex.getMessage();
		}
	}

	private String requireSql() {
		String body = (this.sql != null) ? this.sql.strip() : "";
		if (body.isEmpty()) {
			throw new IllegalArgumentException("tenantDataMigration needs sql");
		}
		// The SQL goes into a dollar-quoted string inside a dollar-quoted DO block.
		if (body.contains(SQL_TAG) || body.contains("$dotmac$")) {
			throw new IllegalArgumentException("tenantDataMigration sql must not contain " + SQL_TAG + " or $dotmac$");
		}
		return body;
	}

	private String settingName() {
		return (this.settingName != null && !this.settingName.isBlank())
				? SqlIdentifiers.requireSettingName(this.settingName) : RlsSettings.DEFAULT_SETTING_NAME;
	}

	private String registryTable() {
		if (this.registryTable != null && !this.registryTable.isBlank()) {
			String[] parts = this.registryTable.trim().split("\\.", -1);
			if (parts.length != 2) {
				throw new IllegalArgumentException(
						"registryTable must be schema.table, such as public.dotmac_tenants; got '" + this.registryTable + "'");
			}
			return SqlIdentifiers.quote(SqlIdentifiers.requireIdentifier("registry schema", parts[0])) + "."
					+ SqlIdentifiers.quote(SqlIdentifiers.requireIdentifier("registry table", parts[1]));
		}
		Object parameter = parameter(REGISTRY_TABLE_PARAMETER);
		// The parameter is the registry's quoted, qualified name (TenantRegistryTable.qualifiedName()),
		// set by the application, not by changelog authors.
		return (parameter != null && !parameter.toString().isBlank()) ? parameter.toString() : DEFAULT_REGISTRY_TABLE;
	}

	private TenantIsolationMode mode() {
		return ChangeLogModes.mode(getChangeSet());
	}

	private @Nullable Object parameter(String name) {
		return ChangeLogModes.value(getChangeSet(), name);
	}

}
