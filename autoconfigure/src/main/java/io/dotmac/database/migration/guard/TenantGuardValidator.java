package io.dotmac.database.migration.guard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.dotmac.database.rls.IsolationCheck;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.IsolationFinding.Severity;
import io.dotmac.database.rls.IsolationReport;

/**
 * The post-migration validator (seed 001's {@code validate_tenant_isolation.py},
 * {@code validate_tenant_indexes.py} and {@code validate_rls_policies.py} in one): checks
 * every tenant table of some schemas with one catalog query, on the caller's connection
 * (inside a migration's transaction, it sees that transaction's DDL).
 * <p>
 * In {@linkplain TenantIsolationMode#ROW_LEVEL_SECURITY Row-Level Security mode} a tenant
 * table is a table with the tenant column, Row-Level Security or a policy, and it must have:
 * the tenant column, {@code NOT NULL}, of a string type long enough for a tenant id; an index
 * led by the tenant column; the tenant column in every unique constraint and unique index
 * other than the primary key (a surrogate key is unique by design; a natural key must be
 * unique per tenant); Row-Level Security enabled and forced; a policy that compares the
 * tenant column with the tenant setting. In
 * {@linkplain TenantIsolationMode#SCHEMA_PER_TENANT schema mode} none of that is required,
 * because the schema is the boundary; a table with Row-Level Security on is reported instead,
 * because its policy would hide every row.
 * <p>
 * Each finding names the table and carries the SQL that fixes it. Missing tenant indexes and
 * nullable tenant columns are {@link Severity#WARNING warnings} (isolation holds), everything
 * else is an {@link Severity#ERROR error}, as in the {@link io.dotmac.database.rls.IsolationAuditor}.
 * Tables matching {@link TenantGuardSettings#ignoredTables()} are skipped. Thread-safe.
 */
public final class TenantGuardValidator {

	private final TenantGuardSettings settings;

	private final String sql;

	/**
	 * A validator.
	 * @param settings tenant column, setting name, mode and ignored tables
	 */
	public TenantGuardValidator(TenantGuardSettings settings) {
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.sql = new TenantGuardQuery(settings).forSchemas(TenantGuardQuery.allChecks(settings.mode()));
	}

	/**
	 * The settings.
	 * @return the settings
	 */
	public TenantGuardSettings settings() {
		return this.settings;
	}

	/**
	 * Check every tenant table of the given schemas, with one query.
	 * @param connection the connection; used as it is (its transaction, its role), not
	 * closed
	 * @param schemas the unquoted schema names
	 * @return the report: the tenant tables found and the findings, each naming its table
	 * and its fix
	 * @throws SQLException when the catalogs cannot be read
	 */
	public IsolationReport validate(Connection connection, List<String> schemas) throws SQLException {
		Objects.requireNonNull(connection, "connection must not be null");
		Set<String> tables = new LinkedHashSet<>();
		List<IsolationFinding> findings = new ArrayList<>();
		String role = "";
		try (PreparedStatement statement = connection.prepareStatement(this.sql)) {
			statement.setArray(1, connection.createArrayOf("text", schemas.toArray()));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					role = result.getString(7);
					String schema = result.getString(1);
					String table = result.getString(2);
					if (this.settings.isIgnored(schema, table)) {
						continue;
					}
					String name = schema + "." + table;
					tables.add(name);
					String check = result.getString(3);
					if (check != null) {
						findings.add(new IsolationFinding(Severity.valueOf(result.getString(4)),
								IsolationCheck.valueOf(check), name, result.getString(5), result.getString(6)));
					}
				}
			}
		}
		return new IsolationReport(role, schemas, List.copyOf(tables), findings, Instant.now());
	}

}
