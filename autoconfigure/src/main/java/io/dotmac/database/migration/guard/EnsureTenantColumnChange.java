package io.dotmac.database.migration.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.rls.SqlIdentifiers;
import io.dotmac.database.rls.TenantTable;

/**
 * Liquibase change type {@code ensureTenantColumn} (seed 001's {@code ensure_tenant_column}):
 * the table has the tenant column, {@code NOT NULL}, of a string type that holds every tenant
 * id ({@code text}, or {@code varchar(48)} or longer). With {@code addIfMissing: true} a
 * missing column is added first (the table must be empty, since the column is
 * {@code NOT NULL} without a default); otherwise, and for a nullable or mistyped column, the
 * changeset fails with a message that names the table and the fix.
 * <pre>{@code
 * - changeSet:
 *     id: customers-guards
 *     author: dotmac
 *     changes:
 *       - ensureTenantColumn:
 *           tableName: customers
 *           addIfMissing: true
 * }</pre>
 * In schema-per-tenant mode (changelog parameter {@code dotmac.tenancy.strategy=schema}) the
 * change does nothing: the schema is the boundary and tables need no tenant column.
 */
@DatabaseChange(name = "ensureTenantColumn", description = "Checks that a tenant table has the tenant column, "
		+ "NOT NULL and of a string type; can add it to an empty table", priority = ChangeMetaData.PRIORITY_DEFAULT,
		appliesTo = "table")
public class EnsureTenantColumnChange extends AbstractTenantGuardChange {

	/** The type a missing tenant column is added with: what the tenant registry uses. */
	public static final String DEFAULT_COLUMN_TYPE = "varchar(" + TenantGuardSettings.MIN_TENANT_COLUMN_LENGTH + ")";

	private static final Pattern COLUMN_TYPE = Pattern.compile("(?i)(text|varchar\\(\\d{1,5}\\)|character varying\\(\\d{1,5}\\))");

	private @Nullable Boolean addIfMissing;

	private @Nullable String columnType;

	/**
	 * Whether a missing column is added.
	 * @return {@code true} to add it; {@code null} means false
	 */
	@DatabaseChangeProperty(description = "Add the tenant column when it is missing (NOT NULL, so the table must be "
			+ "empty); false when not given: a missing column fails the changeset")
	public @Nullable Boolean getAddIfMissing() {
		return this.addIfMissing;
	}

	/**
	 * Set whether a missing column is added.
	 * @param addIfMissing {@code true} to add it
	 */
	public void setAddIfMissing(@Nullable Boolean addIfMissing) {
		this.addIfMissing = addIfMissing;
	}

	/**
	 * The type a missing column is added with.
	 * @return the type, or {@code null} for {@value #DEFAULT_COLUMN_TYPE}
	 */
	@DatabaseChangeProperty(description = "Type of an added tenant column: text or varchar(n) with n >= 48; "
			+ "varchar(48) when not given")
	public @Nullable String getColumnType() {
		return this.columnType;
	}

	/**
	 * Set the type a missing column is added with.
	 * @param columnType the type
	 */
	public void setColumnType(@Nullable String columnType) {
		this.columnType = columnType;
	}

	@Override
	protected void validateAttributes() {
		columnTypeSql();
	}

	@Override
	public SqlStatement[] generateStatements(Database database) {
		if (mode() == TenantIsolationMode.SCHEMA_PER_TENANT) {
			return new SqlStatement[0];
		}
		List<String> sql = new ArrayList<>();
		if (Boolean.TRUE.equals(this.addIfMissing)) {
			sql.add(addColumnIfMissing(table()));
		}
		sql.add(guardBlock("ensureTenantColumn", TenantGuardQuery.COLUMN_CHECKS));
		return raw(sql);
	}

	@Override
	public String getConfirmationMessage() {
		return "Tenant column checked on table " + getTableName();
	}

	private String addColumnIfMissing(TenantTable table) {
		String name = table.qualifiedName();
		String column = tenantColumnName();
		return "DO $dotmac$\nBEGIN\n"
				+ "  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = " + SqlIdentifiers.literal(name)
				+ "::regclass AND attname = " + SqlIdentifiers.literal(column) + " AND attnum > 0 AND NOT attisdropped) THEN\n"
				+ "    IF EXISTS (SELECT 1 FROM " + name + ") THEN\n"
				+ "      RAISE EXCEPTION 'ensureTenantColumn: table % has rows, so column % cannot be added as NOT NULL', "
				+ SqlIdentifiers.literal(name) + ", " + SqlIdentifiers.literal(column) + "\n"
				+ "        USING HINT = 'Add it without NOT NULL, fill it with each row''s tenant, then SET NOT NULL "
				+ "(three changesets), and keep ensureTenantColumn after them';\n"
				+ "    END IF;\n"
				+ "    ALTER TABLE " + name + " ADD COLUMN " + SqlIdentifiers.quote(column) + " " + columnTypeSql()
				+ " NOT NULL;\n  END IF;\nEND\n$dotmac$";
	}

	private String columnTypeSql() {
		if (this.columnType == null || this.columnType.isBlank()) {
			return DEFAULT_COLUMN_TYPE;
		}
		String type = this.columnType.trim();
		if (!COLUMN_TYPE.matcher(type).matches()) {
			throw new DatabaseValidationException("Invalid columnType '" + type
					+ "': a tenant column is text or varchar(n) with n >= " + TenantGuardSettings.MIN_TENANT_COLUMN_LENGTH);
		}
		int open = type.indexOf('(');
		if (open > 0 && Integer.parseInt(type.substring(open + 1, type.length() - 1))
				< TenantGuardSettings.MIN_TENANT_COLUMN_LENGTH) {
			throw new DatabaseValidationException("Invalid columnType '" + type + "': tenant ids have up to "
					+ TenantGuardSettings.MIN_TENANT_COLUMN_LENGTH + " characters");
		}
		return type;
	}

}
