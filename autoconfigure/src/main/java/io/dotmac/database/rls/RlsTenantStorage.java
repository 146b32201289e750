package io.dotmac.database.rls;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.dotmac.database.DatabaseException;
import io.dotmac.database.tenant.ProvisioningListener;
import io.dotmac.database.tenant.ProvisioningStep;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantStorage;

/**
 * A tenant's storage under Row-Level Security: its rows in the shared tables. Creating it
 * needs nothing (the tables are the application's, migrated with it). Dropping it deletes
 * the tenant's rows from every table under Row-Level Security that has the tenant column,
 * working as the tenant through the hooked data source, so that the policies themselves
 * confine each {@code DELETE} to the tenant's rows. Tables are retried in later passes when
 * a foreign key makes them wait for another; each table's delete is a transaction of its
 * own, and running it again deletes what is left.
 */
public class RlsTenantStorage implements TenantStorage {

	private static final String TENANT_TABLES = """
			SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ? AND NOT a.attisdropped
			WHERE c.relkind IN ('r', 'p') AND c.relrowsecurity AND has_table_privilege(c.oid, 'DELETE')
			ORDER BY 1""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final RlsSettings settings;

	/**
	 * Create a storage.
	 * @param dataSource the application's data source, wrapped by an {@link RlsDataSource}
	 * @param settings the tenant column and setting
	 */
	public RlsTenantStorage(DataSource dataSource, RlsSettings settings) {
		Objects.requireNonNull(dataSource, "dataSource must not be null");
		this.jdbc = new JdbcTemplate(dataSource);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
	}

	@Override
	public void create(TenantId tenant, ProvisioningListener listener) {
		listener.beforeStep(tenant, ProvisioningStep.CREATE_STORAGE);
		listener.beforeStep(tenant, ProvisioningStep.MIGRATE);
		listener.beforeStep(tenant, ProvisioningStep.GRANT);
	}

	@Override
	public void drop(TenantId tenant) {
		TenantContext.run(tenant, () -> {
			List<String> remaining = new ArrayList<>(
					this.jdbc.queryForList(TENANT_TABLES, String.class, this.settings.tenantColumn()));
			while (!remaining.isEmpty()) {
				List<String> waiting = new ArrayList<>();
				DataIntegrityViolationException last = null;
				for (String table : remaining) {
					try {
						this.transaction.executeWithoutResult((status) -> this.jdbc.update("DELETE FROM " + table));
					}
					catch (DataIntegrityViolationException ex) {
						waiting.add(table);
						last = ex;
					}
				}
				if (waiting.size() == remaining.size()) {
					throw new TenantRowsException("Could not delete the rows of tenant '" + tenant + "' from "
							+ waiting + ": " + last.getMessage(), last);
				}
				remaining = waiting;
			}
		});
	}

	@Override
	public String toString() {
		return "RlsTenantStorage[tenantColumn=" + this.settings.tenantColumn() + "]";
	}

	/** The rows of a tenant could not all be deleted. */
	public static final class TenantRowsException extends DatabaseException {

		private static final long serialVersionUID = 1L;

		TenantRowsException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
