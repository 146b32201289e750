package io.dotmac.database.migration.guard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.ChangeExecListener;
import liquibase.database.Database;
import liquibase.database.DatabaseConnection;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.exception.ValidationErrors;
import liquibase.exception.Warnings;
import liquibase.precondition.AbstractPrecondition;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.rls.IsolationCheck;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.SqlIdentifiers;
import io.dotmac.database.rls.TenantTable;
import io.dotmac.database.rls.liquibase.EnableTenantRlsChange;

/**
 * Liquibase precondition {@code tenantIsolated}: the table is isolated by tenant. In
 * Row-Level Security mode it has the tenant column of a string type, Row-Level Security
 * enabled and forced, and a tenant policy; in schema-per-tenant mode (changelog parameter
 * {@code dotmac.tenancy.strategy=schema}) it does not have Row-Level Security on. Unlike the
 * change types it lets the changelog decide what a failure means ({@code onFail: HALT},
 * {@code MARK_RAN}, {@code WARN}, {@code CONTINUE}); the failure message names the table and
 * the fix.
 * <pre>{@code
 * - changeSet:
 *     id: backfill-customers
 *     author: dotmac
 *     preConditions:
 *       - onFail: HALT
 *       - tenantIsolated:
 *           tableName: customers
 *     changes:
 *       - tenantDataMigration: ...
 * }</pre>
 * In XML: {@code <dotmac:tenantIsolated tableName="customers"/>} with
 * {@code xmlns:dotmac="https://dotmac.io/xml/ns/dotmac-database"}. Unqualified table names
 * resolve through {@code search_path}. It needs a live JDBC connection.
 */
public class TenantIsolatedPrecondition extends AbstractPrecondition {

	private static final Set<IsolationCheck> RLS_MODE_CHECKS;

	static {
		Set<IsolationCheck> checks = EnumSet.of(IsolationCheck.MISSING_TENANT_COLUMN, IsolationCheck.TENANT_COLUMN_TYPE);
		checks.addAll(TenantGuardQuery.RLS_CHECKS);
		RLS_MODE_CHECKS = checks;
	}

	private @Nullable String schemaName;

	private @Nullable String tableName;

	private @Nullable String tenantColumn;

	private @Nullable String settingName;

	@Override
	public String getName() {
		return "tenantIsolated";
	}

	@Override
	public String getSerializedObjectNamespace() {
		return EnableTenantRlsChange.XML_NAMESPACE;
	}

	/**
	 * The schema of the table.
	 * @return the schema, or {@code null} to resolve the table through {@code search_path}
	 */
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
	 * The table.
	 * @return the table name
	 */
	public @Nullable String getTableName() {
		return this.tableName;
	}

	/**
	 * Set the table.
	 * @param tableName the table name
	 */
	public void setTableName(@Nullable String tableName) {
		this.tableName = tableName;
	}

	/**
	 * The tenant column.
	 * @return the column, or {@code null} for {@code tenant_id}
	 */
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
	 * The tenant setting.
	 * @return the setting, or {@code null} for {@code app.current_tenant_id}
	 */
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

	@Override
	public Warnings warn(Database database) {
		return new Warnings();
	}

	@Override
	public ValidationErrors validate(Database database) {
		ValidationErrors errors = new ValidationErrors();
		try {
			table();
			settings(TenantIsolationMode.ROW_LEVEL_SECURITY);
		}
		catch (DatabaseValidationException | IllegalArgumentException ex) {
			errors.addError("tenantIsolated: " + ex.getMessage());
		}
		return errors;
	}

	@Override
	public void check(Database database, DatabaseChangeLog changeLog, ChangeSet changeSet,
			ChangeExecListener changeExecListener) throws PreconditionFailedException, PreconditionErrorException {
		try {
			if (!(database instanceof PostgresDatabase)) {
				throw new PreconditionFailedException("tenantIsolated only checks PostgreSQL databases", changeLog, this);
			}
			TenantIsolationMode mode = mode(changeLog);
			TenantTable table = table();
			TenantGuardSettings settings = settings(mode);
			String name = SqlIdentifiers.literal(table.qualifiedName());
			Set<IsolationCheck> checks = (mode == TenantIsolationMode.SCHEMA_PER_TENANT)
					? TenantGuardQuery.SCHEMA_MODE_CHECKS : RLS_MODE_CHECKS;
			String problems = problems(connection(database), name,
					new TenantGuardQuery(settings).forTable("to_regclass(" + name + ")", checks));
			if (!problems.isEmpty()) {
				throw new PreconditionFailedException("Table " + table + " is not isolated by tenant:" + problems,
						changeLog, this);
			}
		}
		catch (SQLException | RuntimeException ex) {
			throw new PreconditionErrorException(ex, changeLog, this);
		}
	}

	private static String problems(Connection connection, String name, String query) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			try (ResultSet exists = statement.executeQuery("SELECT to_regclass(" + name + ") IS NOT NULL")) {
				exists.next();
				if (!exists.getBoolean(1)) {
					return "\n- it does not exist (search_path: see SHOW search_path)\n  Fix: create it first, or "
							+ "give schemaName";
				}
			}
			StringBuilder problems = new StringBuilder();
			try (ResultSet result = statement.executeQuery(query)) {
				while (result.next()) {
					if (result.getString(3) != null) {
						problems.append("\n- ").append(result.getString(5)).append("\n  Fix: ")
							.append(result.getString(6).replace("\n", "\n       "));
					}
				}
			}
			return problems.toString();
		}
	}

	private static Connection connection(Database database) throws SQLException {
		DatabaseConnection connection = database.getConnection();
		if (connection instanceof JdbcConnection jdbc) {
			return jdbc.getUnderlyingConnection();
		}
		throw new SQLException("tenantIsolated needs a JDBC connection to check the catalogs; got " + connection);
	}

	private static TenantIsolationMode mode(@Nullable DatabaseChangeLog changeLog) {
		return ChangeLogModes.mode(changeLog);
	}

	private TenantTable table() {
		if (this.tableName == null || this.tableName.isBlank()) {
			throw new DatabaseValidationException("tableName is required");
		}
		return TenantTable.of(this.tableName).inSchema(this.schemaName);
	}

	private TenantGuardSettings settings(TenantIsolationMode mode) {
		String column = (this.tenantColumn != null && !this.tenantColumn.isBlank()) ? this.tenantColumn
				: RlsSettings.DEFAULT_TENANT_COLUMN;
		String setting = (this.settingName != null && !this.settingName.isBlank()) ? this.settingName
				: RlsSettings.DEFAULT_SETTING_NAME;
		return new TenantGuardSettings(column, setting, mode, List.of());
	}

}
