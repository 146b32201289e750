package io.dotmac.database.migration.guard;

import java.util.List;

import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;

/**
 * Liquibase change type {@code validateTenantIsolation} (seed 001's
 * {@code validate_tenant_isolation}): in Row-Level Security mode the table has Row-Level
 * Security enabled and forced, and a policy for all commands (or {@code SELECT}) that
 * compares the tenant column with the tenant setting. It checks, it does not set up: put
 * {@code enableTenantRls} before it, or write the policies yourself.
 * <pre>{@code
 * - enableTenantRls:
 *     tableName: customers
 * - validateTenantIsolation:
 *     tableName: customers
 * }</pre>
 * In schema-per-tenant mode (changelog parameter {@code dotmac.tenancy.strategy=schema}) it
 * checks the opposite: the table does not have Row-Level Security on, because schema-mode
 * connections set no tenant setting and the policy would hide every row.
 */
@DatabaseChange(name = "validateTenantIsolation", description = "Checks that Row-Level Security is enabled and "
		+ "forced on a tenant table and that a policy compares the tenant column with the tenant setting",
		priority = ChangeMetaData.PRIORITY_DEFAULT, appliesTo = "table")
public class ValidateTenantIsolationChange extends AbstractTenantGuardChange {

	@Override
	public SqlStatement[] generateStatements(Database database) {
		boolean schemaMode = mode() == TenantIsolationMode.SCHEMA_PER_TENANT;
		return raw(List.of(guardBlock("validateTenantIsolation",
				schemaMode ? TenantGuardQuery.SCHEMA_MODE_CHECKS : TenantGuardQuery.RLS_CHECKS)));
	}

	@Override
	public String getConfirmationMessage() {
		return "Tenant isolation checked on table " + getTableName();
	}

}
