package io.dotmac.database.migration.guard;

import java.util.ArrayList;
import java.util.List;

import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.rls.RlsPolicyStatements;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.TenantTable;
import io.dotmac.database.rls.liquibase.EnableTenantRlsChange;

/**
 * Liquibase change type {@code ensureTenantIndexes} (seed 001's
 * {@code ensure_tenant_indexes}): a valid, non-partial index of the table starts with the
 * tenant column, and every unique constraint and unique index other than the primary key
 * includes it. With {@code createMissing: true} the tenant-leading indexes are created first,
 * exactly as {@code enableTenantRls} creates them ({@link RlsPolicyStatements#indexes}: one
 * per {@code indexColumns} entry and one on the tenant column alone, each skipped when an
 * index already starts with the same columns). A unique constraint without the tenant column
 * is never changed, because that changes what it means: the changeset fails and the message
 * gives the replacement.
 * <pre>{@code
 * - ensureTenantIndexes:
 *     tableName: customers
 *     createMissing: true
 *     indexColumns: "email, status+created_at"
 * }</pre>
 * In schema-per-tenant mode the change does nothing.
 */
@DatabaseChange(name = "ensureTenantIndexes", description = "Checks that an index of a tenant table starts with the "
		+ "tenant column and that its unique constraints include it; can create the tenant-leading indexes",
		priority = ChangeMetaData.PRIORITY_DEFAULT, appliesTo = "table")
public class EnsureTenantIndexesChange extends AbstractTenantGuardChange {

	private @Nullable Boolean createMissing;

	private @Nullable String indexColumns;

	/**
	 * Whether missing tenant-leading indexes are created.
	 * @return {@code true} to create them; {@code null} means false
	 */
	@DatabaseChangeProperty(description = "Create the missing tenant-leading indexes before checking; false when not "
			+ "given: a table without one fails the changeset")
	public @Nullable Boolean getCreateMissing() {
		return this.createMissing;
	}

	/**
	 * Set whether missing tenant-leading indexes are created.
	 * @param createMissing {@code true} to create them
	 */
	public void setCreateMissing(@Nullable Boolean createMissing) {
		this.createMissing = createMissing;
	}

	/**
	 * The tenant-leading indexes to create with {@code createMissing}.
	 * @return comma-separated indexes, columns of one index joined with {@code +}
	 */
	@DatabaseChangeProperty(description = "With createMissing: additional indexes led by the tenant column, as for "
			+ "enableTenantRls (\"email, status+created_at\")", exampleValue = "email")
	public @Nullable String getIndexColumns() {
		return this.indexColumns;
	}

	/**
	 * Set the tenant-leading indexes to create with {@code createMissing}.
	 * @param indexColumns comma-separated indexes, columns of one index joined with {@code +}
	 */
	public void setIndexColumns(@Nullable String indexColumns) {
		this.indexColumns = indexColumns;
	}

	@Override
	protected void validateAttributes() {
		tableWithIndexes();
	}

	@Override
	public SqlStatement[] generateStatements(Database database) {
		if (mode() == TenantIsolationMode.SCHEMA_PER_TENANT) {
			return new SqlStatement[0];
		}
		List<String> sql = new ArrayList<>();
		if (Boolean.TRUE.equals(this.createMissing)) {
			sql.addAll(new RlsPolicyStatements(RlsSettings.defaults().withSystemRole(null)).indexes(tableWithIndexes()));
		}
		sql.add(guardBlock("ensureTenantIndexes", TenantGuardQuery.INDEX_CHECKS));
		return raw(sql);
	}

	@Override
	public String getConfirmationMessage() {
		return "Tenant indexes checked on table " + getTableName();
	}

	private TenantTable tableWithIndexes() {
		TenantTable table = table();
		for (List<String> index : EnableTenantRlsChange.parseIndexes(this.indexColumns)) {
			table = table.withIndex(index.toArray(String[]::new));
		}
		return table;
	}

}
