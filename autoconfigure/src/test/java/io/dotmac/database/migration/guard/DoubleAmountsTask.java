package io.dotmac.database.migration.guard;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * A Java per-tenant data migration, as an application writes one: logs what it sees and
 * doubles the amounts, trusting the tenant policy to confine it.
 */
public class DoubleAmountsTask extends TenantDataMigrationTask {

	@Override
	protected void migrate(Connection connection, @Nullable TenantId tenant) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.executeUpdate("INSERT INTO migration_log (tenant, seen, total) SELECT coalesce(current_setting("
					+ "'app.current_tenant_id', true), '-'), count(*), coalesce(sum(amount), 0) FROM orders");
			statement.executeUpdate("UPDATE orders SET amount = amount * 2");
		}
	}

}
