package io.dotmac.database.migration.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.MigrationInitException;
import io.dotmac.database.migration.SqlTemplates;

/**
 * Builds a Liquibase changelog from the files of an SQL migration folder in pgdbm's layout.
 * <ul>
 * <li>Files ending with {@code .sql} are migrations, ordered by their
 * {@linkplain MigrationVersion version} ({@linkplain SqlMigrationName three name patterns},
 * which may be mixed); other files (a README) are ignored, and so are subfolders.</li>
 * <li>Each becomes one changeset: id = the file name without {@code .sql} (for example
 * {@code 001_create_users}), author {@value #AUTHOR}, file path = the folder's logical path
 * plus the file name (for example {@code db/tenant/001_create_users.sql}), holding one
 * {@link TemplatedSqlChange} with the file's text.</li>
 * <li>A sibling {@code 001_create_users.down.sql} is the changeset's rollback, used by
 * downgrades; without one the changeset cannot be rolled back. A separate file rather than a
 * {@code -- rollback} section keeps each file plain SQL that {@code psql} can run as it is,
 * and is not confused with Liquibase's formatted-SQL {@code --rollback} lines.</li>
 * <li>Refused, with the file named: a name without a version, two files with the same version
 * ({@code 001_a.sql} and {@code V1__b.sql}), an empty file, an unknown placeholder, a
 * downgrade file without its migration, and two different files of the same name found in
 * two class path roots.</li>
 * </ul>
 */
public final class SqlFolderChangeLogs {

	/** The author of every changeset made from an SQL file. */
	public static final String AUTHOR = "dotmac";

	private SqlFolderChangeLogs() {
	}

	/**
	 * Build the changelog of a folder.
	 * @param logicalFolder the folder's path as recorded in the history, ending with
	 * {@code /} (for example {@code db/tenant/})
	 * @param files the folder's files, in any order; files of the same name must be identical
	 * @param module the module, for error messages, or {@code null}
	 * @return the changelog, one changeset per migration file in version order
	 * @throws MigrationInitException when a file is refused
	 */
	public static DatabaseChangeLog build(String logicalFolder, List<SqlFile> files, @Nullable String module) {
		String folder = logicalFolder.endsWith("/") ? logicalFolder : logicalFolder + "/";
		Map<String, SqlFile> byName = byName(folder, files, module);
		List<SqlMigrationName> migrations = new ArrayList<>();
		for (String fileName : byName.keySet()) {
			if (SqlMigrationName.isMigration(fileName)) {
				migrations.add(parse(folder, fileName, module));
			}
		}
		migrations.sort(Comparator.comparing(SqlMigrationName::version));
		refuseDuplicateVersions(folder, migrations, module);
		refuseOrphanDowngrades(folder, byName, migrations, module);

		DatabaseChangeLog changeLog = new DatabaseChangeLog(folder);
		changeLog.setChangeLogParameters(new ChangeLogParameters());
		for (SqlMigrationName migration : migrations) {
			String path = folder + migration.fileName();
			ChangeSet changeSet = new ChangeSet(migration.changeSetId(), AUTHOR, false, false, path, null, null,
					changeLog);
			changeSet.addChange(change(folder, byName.get(migration.fileName()), module));
			SqlFile down = byName.get(migration.downgradeFileName());
			if (down != null) {
				changeSet.addRollbackChange(change(folder, down, module));
			}
			changeLog.addChangeSet(changeSet);
		}
		return changeLog;
	}

	private static Map<String, SqlFile> byName(String folder, List<SqlFile> files, @Nullable String module) {
		Map<String, SqlFile> byName = new LinkedHashMap<>();
		for (SqlFile file : files) {
			SqlFile previous = byName.putIfAbsent(file.fileName(), file);
			if (previous != null && !previous.content().equals(file.content())) {
				throw error("Two different files named " + file.fileName() + " in " + folder + ": "
						+ previous.origin() + " and " + file.origin()
						+ ". Keep one: the class path holds the folder twice", module, folder + file.fileName());
			}
		}
		return byName;
	}

	private static SqlMigrationName parse(String folder, String fileName, @Nullable String module) {
		try {
			return SqlMigrationName.parse(fileName);
		}
		catch (IllegalArgumentException ex) {
			throw error(ex.getMessage() + " (in " + folder + ")", module, folder + fileName);
		}
	}

	private static void refuseDuplicateVersions(String folder, List<SqlMigrationName> sorted,
			@Nullable String module) {
		for (int i = 1; i < sorted.size(); i++) {
			SqlMigrationName previous = sorted.get(i - 1);
			SqlMigrationName current = sorted.get(i);
			if (previous.version().equals(current.version())) {
				throw error("SQL migration files " + previous.fileName() + " and " + current.fileName() + " in "
						+ folder + " have the same version " + current.version()
						+ ": give one of them the next free version", module, folder + current.fileName());
			}
		}
	}

	private static void refuseOrphanDowngrades(String folder, Map<String, SqlFile> byName,
			List<SqlMigrationName> migrations, @Nullable String module) {
		for (String fileName : byName.keySet()) {
			if (SqlMigrationName.isDowngrade(fileName) && migrations.stream()
				.noneMatch((migration) -> migration.downgradeFileName().equals(fileName))) {
				throw error("Downgrade file " + fileName + " in " + folder + " has no migration file "
						+ fileName.substring(0, fileName.length() - SqlMigrationName.DOWN_SUFFIX.length())
						+ SqlMigrationName.SUFFIX + ": rename it after the migration it undoes", module,
						folder + fileName);
			}
		}
	}

	private static TemplatedSqlChange change(String folder, SqlFile file, @Nullable String module) {
		String where = folder + file.fileName();
		if (file.content().isBlank()) {
			throw error("SQL migration file " + where + " is empty: write its SQL or delete it", module, where);
		}
		List<String> unknown = SqlTemplates.unknownPlaceholders(file.content());
		if (!unknown.isEmpty()) {
			throw error("SQL migration file " + where + " has unknown placeholder(s) " + unknown
					+ ": use {{schema}} or {{tables.<name>}}", module, where);
		}
		return new TemplatedSqlChange(file.content());
	}

	private static MigrationInitException error(String message, @Nullable String module, String path) {
		return new MigrationInitException(message, null, null, module, path);
	}

}
