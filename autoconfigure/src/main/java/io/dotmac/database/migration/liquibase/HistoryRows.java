package io.dotmac.database.migration.liquibase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;

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
		String executionMs = hasColumn(connection, schema, table, "execution_ms") ? "execution_ms" : "NULL::bigint";
		String sql = "SELECT id, author, filename, md5sum, dateexecuted, orderexecuted, exectype, tag, description, "
				+ executionMs + " FROM " + UnitSession.quote(schema) + "." + UnitSession.quote(table)
				+ " ORDER BY dateexecuted, orderexecuted";
		List<AppliedChangeSet> rows = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
			while (result.next()) {
				Timestamp executed = result.getTimestamp(5);
				long millis = result.getLong(10);
				Duration executionTime = result.wasNull() ? null : Duration.ofMillis(millis);
				rows.add(new AppliedChangeSet(new ChangeSetRef(result.getString(1), result.getString(2), result.getString(3)),
						result.getString(4), (executed != null) ? executed.toInstant() : Instant.EPOCH, result.getInt(6),
						result.getString(7), result.getString(8), result.getString(9), executionTime));
			}
		}
		return rows;
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
