package io.dotmac.database.migration.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;

/**
 * SQL for a module's history table in one schema: Liquibase's own layout (lower-case, as
 * Liquibase creates it on PostgreSQL), so that Liquibase's {@code status}, {@code history},
 * {@code update} and {@code rollback} read it, plus one nullable column, {@code execution_ms},
 * that only this engine writes.
 *
 * @param qualifiedName the quoted, schema-qualified table name
 */
public record HistoryTable(String qualifiedName) {

	/** Column that holds how long a changeset ran, in milliseconds (not Liquibase's). */
	public static final String EXECUTION_MS = "execution_ms";

	/** The label of the execution time that each history insert returns. */
	static final String RETURNED_MS = "dotmac_changeset_ms";

	/**
	 * The history table of a schema.
	 * @param schema the unquoted schema
	 * @param table the unquoted table name
	 * @return the table
	 */
	public static HistoryTable of(String schema, String table) {
		return new HistoryTable(quote(schema) + "." + quote(table));
	}

	/**
	 * Liquibase's {@code CREATE TABLE} for PostgreSQL, plus {@code execution_ms}.
	 * @return the statement
	 */
	public String createSql() {
		return "CREATE TABLE IF NOT EXISTS " + this.qualifiedName + " (id VARCHAR(255) NOT NULL, author VARCHAR(255)"
				+ " NOT NULL, filename VARCHAR(255) NOT NULL, dateexecuted TIMESTAMP WITHOUT TIME ZONE NOT NULL,"
				+ " orderexecuted INTEGER NOT NULL, exectype VARCHAR(10) NOT NULL, md5sum VARCHAR(35),"
				+ " description VARCHAR(255), comments VARCHAR(255), tag VARCHAR(255), liquibase VARCHAR(20),"
				+ " contexts VARCHAR(255), labels VARCHAR(255), deployment_id VARCHAR(10), " + EXECUTION_MS
				+ " BIGINT)";
	}

	/**
	 * Add {@code execution_ms} to a table that Liquibase created.
	 * @return the statement
	 */
	public String addExecutionMsSql() {
		return "ALTER TABLE " + this.qualifiedName + " ADD COLUMN IF NOT EXISTS " + EXECUTION_MS + " BIGINT";
	}

	/**
	 * Read the applied rows, in the order Liquibase reads them.
	 * @param connection the connection
	 * @param withExecutionMs whether the table has {@code execution_ms}
	 * @return the rows
	 * @throws SQLException when the database refuses
	 */
	public List<Row> read(Connection connection, boolean withExecutionMs) throws SQLException {
		String sql = "SELECT id, author, filename, dateexecuted, orderexecuted, exectype, md5sum, description, tag, "
				+ (withExecutionMs ? EXECUTION_MS : "NULL::bigint") + " FROM " + this.qualifiedName
				+ " ORDER BY dateexecuted, orderexecuted";
		List<Row> rows = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet result = statement.executeQuery()) {
			while (result.next()) {
				long ms = result.getLong(10);
				Long executionMs = result.wasNull() ? null : ms;
				rows.add(new Row(result.getString(1), result.getString(2), result.getString(3), result.getTimestamp(4),
						result.getInt(5), result.getString(6), result.getString(7), result.getString(8),
						result.getString(9), executionMs));
			}
		}
		return rows;
	}

	/**
	 * An {@code INSERT} of one history row, as Liquibase's {@code MarkChangeSetRanGenerator}
	 * writes it, returning the execution time as {@value #RETURNED_MS}.
	 * @param changeSet the changeset
	 * @param order {@code ORDEREXECUTED}
	 * @param execType {@code EXECTYPE}
	 * @param deploymentId {@code DEPLOYMENT_ID}
	 * @param executionMs an SQL expression for {@code execution_ms}
	 * @return the statement
	 */
	public String insertSql(PlannedChangeSet changeSet, int order, String execType, String deploymentId,
			String executionMs) {
		return "INSERT INTO " + this.qualifiedName + " (id, author, filename, dateexecuted, orderexecuted, md5sum,"
				+ " description, comments, exectype, contexts, labels, liquibase, deployment_id, tag, " + EXECUTION_MS
				+ ") VALUES (" + literal(changeSet.ref().id()) + ", " + literal(changeSet.ref().author()) + ", "
				+ literal(changeSet.ref().filePath()) + ", NOW(), " + order + ", " + literal(changeSet.checksum()) + ", "
				+ literal(changeSet.description()) + ", " + literal(changeSet.comments()) + ", " + literal(execType)
				+ ", " + literal(changeSet.contexts()) + ", " + literal(changeSet.labels()) + ", "
				+ literal(LiquibaseVersion.VALUE) + ", " + literal(deploymentId) + ", " + literal(changeSet.tag())
				+ ", " + executionMs + ") RETURNING " + EXECUTION_MS + " AS " + RETURNED_MS;
	}

	/**
	 * An {@code UPDATE} of the row of a changeset that runs again ({@code runAlways},
	 * {@code runOnChange}), as Liquibase writes it ({@code EXECTYPE = 'RERAN'}).
	 * @param changeSet the changeset
	 * @param order {@code ORDEREXECUTED}
	 * @param deploymentId {@code DEPLOYMENT_ID}
	 * @param executionMs an SQL expression for {@code execution_ms}
	 * @return the statement
	 */
	public String rerunSql(PlannedChangeSet changeSet, int order, String deploymentId, String executionMs) {
		return "UPDATE " + this.qualifiedName + " SET dateexecuted = NOW(), orderexecuted = " + order + ", md5sum = "
				+ literal(changeSet.checksum()) + ", exectype = 'RERAN', deployment_id = " + literal(deploymentId)
				+ ", " + EXECUTION_MS + " = " + executionMs + " WHERE id = " + literal(changeSet.ref().id())
				+ " AND author = " + literal(changeSet.ref().author()) + " AND filename = "
				+ literal(changeSet.ref().filePath()) + " RETURNING " + EXECUTION_MS + " AS " + RETURNED_MS;
	}

	/**
	 * An SQL string literal ({@code standard_conforming_strings} is on in every supported
	 * PostgreSQL), or {@code NULL}.
	 * @param value the value
	 * @return the literal
	 */
	static String literal(@Nullable String value) {
		if (value == null) {
			return "NULL";
		}
		if (value.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("NUL character in a history value");
		}
		return "'" + value.replace("'", "''") + "'";
	}

	/**
	 * A quoted identifier.
	 * @param identifier the unquoted name
	 * @return the quoted name
	 */
	static String quote(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

	/**
	 * One row of the history.
	 *
	 * @param id {@code ID}
	 * @param author {@code AUTHOR}
	 * @param filename {@code FILENAME}
	 * @param dateExecuted {@code DATEEXECUTED}
	 * @param orderExecuted {@code ORDEREXECUTED}
	 * @param execType {@code EXECTYPE}
	 * @param md5sum {@code MD5SUM}
	 * @param description {@code DESCRIPTION}
	 * @param tag {@code TAG}
	 * @param executionMs {@code execution_ms}, null when Liquibase wrote the row
	 */
	public record Row(String id, String author, String filename, Timestamp dateExecuted, int orderExecuted,
			String execType, @Nullable String md5sum, @Nullable String description, @Nullable String tag,
			@Nullable Long executionMs) {

		/**
		 * The key Liquibase matches changesets by.
		 * @return {@code path::id::author}, path normalized
		 */
		public String key() {
			return key(this.filename, this.id, this.author);
		}

		/**
		 * The row as the API reports it.
		 * @return the applied changeset
		 */
		public AppliedChangeSet toApplied() {
			return new AppliedChangeSet(new ChangeSetRef(this.id, this.author, this.filename), this.md5sum,
					this.dateExecuted.toInstant(), this.orderExecuted, this.execType, this.tag, this.description,
					(this.executionMs != null) ? Duration.ofMillis(this.executionMs) : null);
		}

		/**
		 * The key of a changeset, as Liquibase compares them (path without {@code classpath:}
		 * or a leading slash, forward slashes).
		 * @param path the file path
		 * @param id the id
		 * @param author the author
		 * @return the key
		 */
		public static String key(String path, String id, String author) {
			String normalized = path.replace('\\', '/');
			if (normalized.startsWith("classpath:")) {
				normalized = normalized.substring("classpath:".length());
			}
			while (normalized.startsWith("/")) {
				normalized = normalized.substring(1);
			}
			return normalized + "::" + id + "::" + author;
		}

	}

}
