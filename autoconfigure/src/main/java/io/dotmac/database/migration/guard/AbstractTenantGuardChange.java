package io.dotmac.database.migration.guard;

import java.util.List;
import java.util.Set;

import liquibase.change.AbstractChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.ValidationErrors;
import liquibase.exception.Warnings;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.rls.IsolationCheck;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.SqlIdentifiers;
import io.dotmac.database.rls.TenantTable;
import io.dotmac.database.rls.liquibase.EnableTenantRlsChange;

/**
 * What the guard change types share: the table (unqualified names resolve through
 * {@code search_path} when the changeset runs, as in a tenant schema), the tenant column and
 * setting, the isolation mode from the changelog parameter
 * {@value TenantIsolationMode#CHANGELOG_PARAMETER}, and the {@code DO} block that runs
 * {@link TenantGuardQuery} for the table and raises one error listing every problem with
 * its fix.
 * <p>
 * The statements depend on the attributes and the mode only, never on the database's state,
 * and the checksum is Liquibase's own over the attributes, so it is the same in every schema
 * and in both modes. The checks run on the server, so a script written by {@code update-sql}
 * keeps them. A guard has nothing to roll back.
 */
public abstract class AbstractTenantGuardChange extends AbstractChange {

	private @Nullable String schemaName;

	private @Nullable String tableName;

	private @Nullable String tenantColumn;

	private @Nullable String settingName;

	/**
	 * The schema of the table.
	 * @return the schema, or {@code null} to resolve the table through {@code search_path}
	 */
	@DatabaseChangeProperty(description = "Schema of the table; resolved through search_path when not given")
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
	 * The table to check.
	 * @return the table name
	 */
	@DatabaseChangeProperty(description = "The tenant table to check", requiredForDatabase = "all",
			exampleValue = "customers")
	public @Nullable String getTableName() {
		return this.tableName;
	}

	/**
	 * Set the table to check.
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
	 * The setting the tenant policy reads.
	 * @return the setting, or {@code null} for {@code app.current_tenant_id}
	 */
	@DatabaseChangeProperty(description = "The PostgreSQL setting the tenant policy reads; must match "
			+ "dotmac.database.rls.setting-name. app.current_tenant_id when not given")
	public @Nullable String getSettingName() {
		return this.settingName;
	}

	/**
	 * Set the setting the tenant policy reads.
	 * @param settingName the setting name
	 */
	public void setSettingName(@Nullable String settingName) {
		this.settingName = settingName;
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
		return (problem() != null) ? new Warnings() : super.warn(database);
	}

	@Override
	public boolean generateStatementsVolatile(Database database) {
		// The statements depend on the attributes and the mode; the checks run on the server.
		return false;
	}

	@Override
	public boolean generateRollbackStatementsVolatile(Database database) {
		return false;
	}

	@Override
	public boolean supportsRollback(Database database) {
		return supports(database);
	}

	@Override
	public SqlStatement[] generateRollbackStatements(Database database) {
		// A check changes nothing; what a guard added (a column, an index) is kept, because
		// the guard cannot tell it from what was there before.
		return new SqlStatement[0];
	}

	@Override
	public String getSerializedObjectNamespace() {
		return EnableTenantRlsChange.XML_NAMESPACE;
	}

	/**
	 * Further attribute checks of a subclass.
	 * @throws DatabaseValidationException when an attribute is not acceptable
	 */
	protected void validateAttributes() {
	}

	/**
	 * The table, validated.
	 * @return the table with its schema and tenant column
	 * @throws DatabaseValidationException when a name is not acceptable
	 */
	protected final TenantTable table() {
		if (this.tableName == null || this.tableName.isBlank()) {
			throw new DatabaseValidationException("tableName is required");
		}
		return TenantTable.of(this.tableName).inSchema(this.schemaName).withTenantColumn(tenantColumnName());
	}

	/**
	 * The tenant column, validated.
	 * @return the column name
	 */
	protected final String tenantColumnName() {
		return (this.tenantColumn != null && !this.tenantColumn.isBlank())
				? SqlIdentifiers.requireIdentifier("tenant column name", this.tenantColumn)
				: RlsSettings.DEFAULT_TENANT_COLUMN;
	}

	/**
	 * The settings the checks run with.
	 * @return the settings
	 */
	protected final TenantGuardSettings guardSettings() {
		String setting = (this.settingName != null && !this.settingName.isBlank()) ? this.settingName
				: RlsSettings.DEFAULT_SETTING_NAME;
		return new TenantGuardSettings(tenantColumnName(), setting, mode(), List.of());
	}

	/**
	 * The isolation mode, from the changelog parameter
	 * {@value TenantIsolationMode#CHANGELOG_PARAMETER} of the change's changeset, else the
	 * Liquibase scope value of that name.
	 * @return the mode; Row-Level Security when the parameter is not set
	 */
	protected final TenantIsolationMode mode() {
		return ChangeLogModes.mode(getChangeSet());
	}

	/**
	 * The {@code DO} block that fails, naming the table and every fix, when one of the
	 * checks finds a problem with the table.
	 * @param guard the change type's name, for the message
	 * @param checks the checks
	 * @return the statement
	 */
	protected final String guardBlock(String guard, Set<IsolationCheck> checks) {
		TenantTable table = table();
		String name = SqlIdentifiers.literal(table.qualifiedName());
		String query = new TenantGuardQuery(guardSettings()).forTable(name + "::regclass", checks);
		return "DO $dotmac$\nDECLARE\n  finding record;\n  problems text := '';\nBEGIN\n"
				+ "  IF to_regclass(" + name + ") IS NULL THEN\n"
				+ "    RAISE EXCEPTION '" + guard + ": table % does not exist (search_path: %)', " + name
				+ ", current_setting('search_path')\n"
				+ "      USING HINT = 'Create the table in an earlier change, or give schemaName';\n  END IF;\n"
				+ "  FOR finding IN\n" + query + "\n  LOOP\n"
				+ "    IF finding.check_name IS NOT NULL THEN\n"
				+ "      problems := problems || chr(10) || '- ' || finding.problem || chr(10) || '  Fix: '\n"
				+ "        || replace(finding.fix, chr(10), chr(10) || '       ');\n"
				+ "    END IF;\n  END LOOP;\n"
				+ "  IF problems <> '' THEN\n"
				+ "    RAISE EXCEPTION '" + guard + " failed for table %:%', " + name + ", problems\n"
				+ "      USING ERRCODE = 'check_violation';\n  END IF;\nEND\n$dotmac$";
	}

	/**
	 * Raw statements.
	 * @param sql the SQL
	 * @return the statements
	 */
	protected static SqlStatement[] raw(List<String> sql) {
		return sql.stream().map(RawSqlStatement::new).toArray(SqlStatement[]::new);
	}

	private @Nullable String problem() {
		try {
			table();
			guardSettings();
			validateAttributes();
			return null;
		}
		catch (DatabaseValidationException | IllegalArgumentException ex) {
			return ex.getMessage();
		}
	}

}
