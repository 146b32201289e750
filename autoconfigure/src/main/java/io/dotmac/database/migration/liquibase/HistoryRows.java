package io.dotmac.database.migration.liquibase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.engine.HistoryTable;

/**
 * Reads a unit's history table directly, in Liquibase's order (date executed, then order
 * executed), including the {@code execution_ms} column the engine adds when it is there.
 */
final class HistoryRows {

	private HistoryRows() {
	}

	/**
	 * Whether a schema has the history table.
	 * @param connection the connection
	 * @param schema the unquoted schema
	 * @param table the unquoted table
	 * @return {@code true} when it exists
	 * @throws SQLException when PostgreSQL fails
	 */
	static boolean exists(Connection connection, String schema, String table) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename = ?)")) {
			statement.setString(1, schema);
			statement.setString(2, table);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	/**
	 * The rows of a history table, oldest first; empty when the table does not exist.
	 * @param connection the connection
	 * @param schema the unquoted schema
	 * @param table the unquoted table
	 * @return the rows
	 * @throws SQLException when PostgreSQL fails
	 */
	static List<AppliedChangeSet> read(Connection connection, String schema, String table) throws SQLException {
		if (!exists(connection, schema, table)) {
			return List.of();
		}
		// The engine's reader: one definition of how a history row reads.
		return HistoryTable.of(schema, table)
			.read(connection, hasColumn(connection, schema, table, HistoryTable.EXECUTION_MS))
			.stream()
			.map(HistoryTable.Row::toApplied)
			.toList();
	}

	private static boolean hasColumn(Connection connection, String schema, String table, String column)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM"
				+ " information_schema.columns WHERE table_schema = ? AND table_name = ? AND column_name = ?)")) {
			statement.setString(1, schema);
			statement.setString(2, table);
			statement.setString(3, column);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

}
