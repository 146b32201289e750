package io.dotmac.database.rls.liquibase;

import java.util.ArrayList;
import java.util.List;

import liquibase.change.AbstractChange;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.ValidationErrors;
import liquibase.exception.Warnings;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.rls.RlsPolicyStatements;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.TenantTable;

/**
 * Liquibase change type {@code enableTenantRls}: puts a table under tenant isolation,
 * exactly as {@link io.dotmac.database.rls.RlsPolicyManager#enableTenantRls} does. It
 * enables and forces Row-Level Security, creates the tenant policy, the system-scope
 * policy with the system role's privileges, and the tenant-leading indexes. Idempotent;
 * rollback takes the table out of isolation again.
 * <pre>{@code
 * databaseChangeLog:
 *   - changeSet:
 *       id: customers-rls
 *       author: dotmac
 *       changes:
 *         - enableTenantRls:
 *             tableName: customers
 *             indexColumns: "email, status+created_at"
 * }</pre>
 * In XML, use an element in a namespace of its own:
 * {@code <dotmac:enableTenantRls xmlns:dotmac="https://dotmac.io/xml/ns/dotmac-database"
 * tableName="customers" indexColumns="email"/>}.
 * <p>
 * The system role must exist when the changeset runs (an administrator creates it, see
 * {@link io.dotmac.database.rls.RlsPolicyManager#createSystemRole}); set
 * {@code systemAccess: false} for a table that the system scope never needs.
 */
@DatabaseChange(name = "enableTenantRls", description = "Puts a table under tenant isolation with Row-Level "
		+ "Security: enable and force RLS, tenant policy, system-scope policy, tenant-leading indexes",
		priority = ChangeMetaData.PRIORITY_DEFAULT, appliesTo = "table")
public class EnableTenantRlsChange extends AbstractChange {

	/** Namespace of the XML element. */
	public static final String XML_NAMESPACE = "https://dotmac.io/xml/ns/dotmac-database";

	private @Nullable String schemaName;

	private @Nullable String tableName;

	private @Nullable String tenantColumn;

	private @Nullable String indexColumns;

	private @Nullable String settingName;

	private @Nullable String systemRole;

	private @Nullable Boolean systemAccess;

	/**
	 * The schema of the table.
	 * @return the schema, or {@code null} for the current schema
	 */
	@DatabaseChangeProperty(description = "Schema of the table; the current schema when not given")
	public @Nullable String getSchemaName() {
		return this.schemaName;
	}

	/**
	 * Set the schema of the table.
	 * @param schemaName the schema
	 */
	public void setSchemaName(@Nullable String schemaName) {
		this.schemaName = schemaName;
	}

	/**
	 * The table to isolate.
	 * @return the table name
	 */
	@DatabaseChangeProperty(description = "The table to put under tenant isolation", requiredForDatabase = "all",
			exampleValue = "customers")
	public @Nullable String getTableName() {
		return this.tableName;
	}

	/**
	 * Set the table to isolate.
	 * @param tableName the table name
	 */
	public void setTableName(@Nullable String tableName) {
		this.tableName = tableName;
	}

	/**
	 * The tenant column.
	 * @return the column, or {@code null} for {@code tenant_id}
	 */
	@DatabaseChangeProperty(description = "The column that holds each row's tenant; tenant_id when not given")
	public @Nullable String getTenantColumn() {
		return this.tenantColumn;
	}

	/**
	 * Set the tenant column.
	 * @param tenantColumn the column
	 */
	public void setTenantColumn(@Nullable String tenantColumn) {
		this.tenantColumn = tenantColumn;
	}

	/**
	 * The additional tenant-leading indexes.
	 * @return comma-separated indexes, columns of one index joined with {@code +}
	 */
	@DatabaseChangeProperty(description = "Additional indexes, each led by the tenant column: comma-separated; "
			+ "the columns of one index joined with '+' (\"email, status+created_at\" gives (tenant_id, email) "
			+ "and (tenant_id, status, created_at)). An index on the tenant column alone is created unless "
			+ "another index already starts with it", exampleValue = "email")
	public @Nullable String getIndexColumns() {
		return this.indexColumns;
	}

	/**
	 * Set the additional tenant-leading indexes.
	 * @param indexColumns comma-separated indexes, columns of one index joined with {@code +}
	 */
	public void setIndexColumns(@Nullable String indexColumns) {
		this.indexColumns = indexColumns;
	}

	/**
	 * The setting that carries the tenant.
	 * @return the setting name, or {@code null} for {@code app.current_tenant_id}
	 */
	@DatabaseChangeProperty(description = "The PostgreSQL setting the tenant policy reads; must match "
			+ "dotmac.database.rls.setting-name. app.current_tenant_id when not given")
	public @Nullable String getSettingName() {
		return this.settingName;
	}

	/**
	 * Set the setting that carries the tenant.
	 * @param settingName the setting name
	 */
	public void setSettingName(@Nullable String settingName) {
		this.settingName = settingName;
	}

	/**
	 * The system-scope role.
	 * @return the role, or {@code null} for {@code dotmac_rls_system}
	 */
	@DatabaseChangeProperty(description = "The role of the system scope, which gets a policy that sees every "
			+ "row; must match dotmac.database.rls.system-role and exist. dotmac_rls_system when not given")
	public @Nullable String getSystemRole() {
		return this.systemRole;
	}

	/**
	 * Set the system-scope role.
	 * @param systemRole the role
	 */
	public void setSystemRole(@Nullable String systemRole) {
		this.systemRole = systemRole;
	}

	/**
	 * Whether the system scope gets access to the table.
	 * @return {@code false} to set up no system-scope policy; {@code null} means true
	 */
	@DatabaseChangeProperty(description = "Whether the system scope may see the table's rows (a policy and "
			+ "privileges for the system role); true when not given")
	public @Nullable Boolean getSystemAccess() {
		return this.systemAccess;
	}

	/**
	 * Set whether the system scope gets access to the table.
	 * @param systemAccess {@code false} for no system-scope policy
	 */
	public void setSystemAccess(@Nullable Boolean systemAccess) {
		this.systemAccess = systemAccess;
	}

	@Override
	public boolean supports(Database database) {
		return database instanceof PostgresDatabase;
	}

	@Override
	public ValidationErrors validate(Database database) {
		// Names first: the base class generates the statements to validate them, and bad
		// names must never get that far.
		String problem = problem();
		if (problem != null) {
			ValidationErrors errors = new ValidationErrors(this);
			errors.addError(problem);
			return errors;
		}
		return super.validate(database);
	}

	@Override
	public Warnings warn(Database database) {
		// The base class generates the statements for warnings too; validate() reports bad names.
		return (problem() != null) ? new Warnings() : super.warn(database);
	}

	@Override
	public boolean generateStatementsVolatile(Database database) {
		// The statements depend on the attributes only; the catalog checks run on the server.
		return false;
	}

	@Override
	public boolean generateRollbackStatementsVolatile(Database database) {
		return false;
	}

	private @Nullable String problem() {
		try {
			statements();
			table();
			return null;
		}
		catch (DatabaseValidationException ex) {
			return ex.getMessage();
		}
	}

	@Override
	public SqlStatement[] generateStatements(Database database) {
		return raw(statements().enable(table()));
	}

	@Override
	public boolean supportsRollback(Database database) {
		return supports(database);
	}

	@Override
	public SqlStatement[] generateRollbackStatements(Database database) {
		return raw(statements().disable(table()));
	}

	@Override
	public String getConfirmationMessage() {
		return "Tenant isolation (Row-Level Security) enabled on table " + this.tableName;
	}

	@Override
	public String getSerializedObjectNamespace() {
		return XML_NAMESPACE;
	}

	private RlsPolicyStatements statements() {
		RlsSettings settings = RlsSettings.defaults();
		if (hasText(this.settingName)) {
			settings = settings.withSettingName(this.settingName);
		}
		if (hasText(this.systemRole)) {
			settings = settings.withSystemRole(this.systemRole);
		}
		if (Boolean.FALSE.equals(this.systemAccess)) {
			settings = settings.withSystemRole(null);
		}
		return new RlsPolicyStatements(settings);
	}

	private TenantTable table() {
		if (!hasText(this.tableName)) {
			throw new DatabaseValidationException("tableName is required");
		}
		TenantTable table = TenantTable.of(this.tableName).inSchema(this.schemaName).withTenantColumn(this.tenantColumn);
		for (List<String> index : parseIndexes(this.indexColumns)) {
			table = table.withIndex(index.toArray(String[]::new));
		}
		return table;
	}

	/**
	 * Parse the {@code indexColumns} attribute (also used by the migration guards).
	 * @param indexColumns comma-separated indexes, columns of one index joined with {@code +}
	 * @return the column lists
	 */
	public static List<List<String>> parseIndexes(@Nullable String indexColumns) {
		List<List<String>> indexes = new ArrayList<>();
		if (!hasText(indexColumns)) {
			return indexes;
		}
		for (String index : indexColumns.split(",", -1)) {
			List<String> columns = new ArrayList<>();
			for (String column : index.split("\\+", -1)) {
				String trimmed = column.trim();
				if (trimmed.isEmpty()) {
					throw new DatabaseValidationException("indexColumns has an empty column name: '" + indexColumns
							+ "'; expected comma-separated indexes, columns of one index joined with '+'");
				}
				columns.add(trimmed);
			}
			indexes.add(columns);
		}
		return indexes;
	}

	private static SqlStatement[] raw(List<String> sql) {
		return sql.stream().map(RawSqlStatement::new).toArray(SqlStatement[]::new);
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
