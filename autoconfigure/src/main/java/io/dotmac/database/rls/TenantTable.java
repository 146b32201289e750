package io.dotmac.database.rls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;

/**
 * A table that holds rows of many tenants, as {@link RlsPolicyManager} sets it up: its
 * name, optionally its schema, its tenant column, and the tenant-leading indexes it needs.
 * Immutable; names are validated when given (letters, digits, {@code _} and {@code $},
 * at most 63 characters) and later always quoted, so they are taken exactly, case
 * included.
 * <pre>{@code
 * TenantTable customers = TenantTable.of("customers")
 *     .withIndex("email")                    // (tenant_id, email)
 *     .withIndex("status", "created_at");    // (tenant_id, status, created_at)
 * }</pre>
 */
public final class TenantTable {

	private final @Nullable String schema;

	private final String table;

	private final @Nullable String tenantColumn;

	private final List<List<String>> indexes;

	private TenantTable(@Nullable String schema, String table, @Nullable String tenantColumn,
			List<List<String>> indexes) {
		this.schema = schema;
		this.table = table;
		this.tenantColumn = tenantColumn;
		this.indexes = List.copyOf(indexes);
	}

	/**
	 * A table in the current schema (the first of the {@code search_path}), with the
	 * tenant column of the {@link RlsSettings} it is used with.
	 * @param table the table name
	 * @return the table
	 * @throws DatabaseValidationException when the name is not a plain identifier
	 */
	public static TenantTable of(String table) {
		return new TenantTable(null, SqlIdentifiers.requireIdentifier("table name", table), null, List.of());
	}

	/**
	 * A copy in the given schema.
	 * @param schema the schema name, or {@code null} or empty for the current schema
	 * @return the new table
	 */
	public TenantTable inSchema(@Nullable String schema) {
		String name = (schema == null || schema.isEmpty()) ? null
				: SqlIdentifiers.requireIdentifier("schema name", schema);
		return new TenantTable(name, this.table, this.tenantColumn, this.indexes);
	}

	/**
	 * A copy with its own tenant column.
	 * @param tenantColumn the column name, or {@code null} or empty for the settings' default
	 * @return the new table
	 */
	public TenantTable withTenantColumn(@Nullable String tenantColumn) {
		String name = (tenantColumn == null || tenantColumn.isEmpty()) ? null
				: SqlIdentifiers.requireIdentifier("tenant column name", tenantColumn);
		return new TenantTable(this.schema, this.table, name, this.indexes);
	}

	/**
	 * A copy that also gets an index on the tenant column followed by the given columns.
	 * @param columns the columns after the tenant column, at least one
	 * @return the new table
	 */
	public TenantTable withIndex(String... columns) {
		if (columns.length == 0) {
			throw new DatabaseValidationException("An index needs at least one column after the tenant column");
		}
		List<String> index = new ArrayList<>(columns.length);
		for (String column : columns) {
			index.add(SqlIdentifiers.requireIdentifier("index column name", column));
		}
		List<List<String>> indexes = new ArrayList<>(this.indexes);
		indexes.add(List.copyOf(index));
		return new TenantTable(this.schema, this.table, this.tenantColumn, indexes);
	}

	/**
	 * The schema name.
	 * @return the schema, or {@code null} for the current schema
	 */
	public @Nullable String schema() {
		return this.schema;
	}

	/**
	 * The table name.
	 * @return the table name
	 */
	public String table() {
		return this.table;
	}

	/**
	 * The tenant column, when this table names its own.
	 * @return the column, or {@code null} for the settings' default
	 */
	public @Nullable String tenantColumn() {
		return this.tenantColumn;
	}

	/**
	 * The additional indexes: for each, the columns that follow the tenant column.
	 * @return the index column lists, in the order given
	 */
	public List<List<String>> indexes() {
		return this.indexes;
	}

	/**
	 * The table as SQL: quoted, schema-qualified when a schema is given.
	 * @return the qualified name
	 */
	public String qualifiedName() {
		return (this.schema != null) ? SqlIdentifiers.quote(this.schema) + "." + SqlIdentifiers.quote(this.table)
				: SqlIdentifiers.quote(this.table);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof TenantTable that) && Objects.equals(this.schema, that.schema)
				&& this.table.equals(that.table) && Objects.equals(this.tenantColumn, that.tenantColumn)
				&& this.indexes.equals(that.indexes);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.schema, this.table, this.tenantColumn, this.indexes);
	}

	@Override
	public String toString() {
		return qualifiedName();
	}

}
