package io.dotmac.database.migration.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import liquibase.change.Change;
import liquibase.change.core.EmptyChange;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.OfflineConnection;
import liquibase.exception.DatabaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.serializer.ChangeLogSerializer;
import liquibase.serializer.ChangeLogSerializerFactory;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;

/**
 * Writes Liquibase changes as the text of a new migration: PostgreSQL SQL for SQL folders,
 * a changelog in YAML, XML or JSON otherwise. Names are written without a schema, since a
 * migration runs with {@code search_path} set to its target schema.
 */
final class ChangeWriting {

	private ChangeWriting() {
	}

	/**
	 * PostgreSQL SQL for some changes, one statement per line group, each ending with
	 * {@code ;}.
	 * @param changes the changes
	 * @return the SQL
	 */
	static String toPostgresSql(List<Change> changes) {
		Database database = offlinePostgres();
		StringBuilder sql = new StringBuilder();
		for (Change change : changes) {
			for (Sql statement : SqlGeneratorFactory.getInstance().generateSql(change, database)) {
				sql.append(statement.toSql()).append(statement.getEndDelimiter()).append('\n');
			}
		}
		return sql.toString();
	}

	/**
	 * A changelog holding one changeset, in a format Liquibase serializes.
	 * @param format {@code yaml}, {@code yml}, {@code xml} or {@code json}
	 * @param id the changeset id
	 * @param author the author
	 * @param comment what the changeset does
	 * @param changes its changes; empty writes an {@code empty} change to be replaced
	 * @return the changelog text
	 * @throws IOException when it cannot be serialized
	 */
	static String toChangeLog(String format, String id, String author, String comment, List<Change> changes)
			throws IOException {
		ChangeLogSerializer serializer = ChangeLogSerializerFactory.getInstance().getSerializer(format);
		ChangeSet changeSet = new ChangeSet(id, author, false, false, null, null, null, null);
		changeSet.setComments(comment);
		if (changes.isEmpty()) {
			changeSet.addChange(new EmptyChange());
		}
		changes.forEach(changeSet::addChange);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		serializer.write(List.of(changeSet), out);
		return out.toString(StandardCharsets.UTF_8);
	}

	private static Database offlinePostgres() {
		try {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new OfflineConnection("offline:postgresql",
						new ClassLoaderResourceAccessor(ChangeWriting.class.getClassLoader())));
			database.setOutputDefaultSchema(false);
			database.setOutputDefaultCatalog(false);
			return database;
		}
		catch (DatabaseException ex) {
			throw new IllegalStateException("Liquibase has no PostgreSQL support: " + ex.getMessage(), ex);
		}
	}

}
