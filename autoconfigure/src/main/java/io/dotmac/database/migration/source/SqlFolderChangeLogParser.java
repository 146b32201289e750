package io.dotmac.database.migration.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.exception.ChangeLogParseException;
import liquibase.parser.ChangeLogParser;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

import io.dotmac.database.migration.MigrationException;

/**
 * Lets plain Liquibase read an SQL migration folder: a changelog path that ends with
 * {@code /} ({@code --changelog-file=db/tenant/}, or {@code include: file: db/tenant/} in a
 * changelog, where Liquibase drops the slash: a name without an extension that holds
 * {@code .sql} files counts too) is parsed with {@link SqlFolderChangeLogs}, through Liquibase's own
 * {@link ResourceAccessor}. Registered in {@code META-INF/services/liquibase.parser.ChangeLogParser},
 * so Liquibase's command line, {@code status} and {@code history} see exactly the changesets
 * (and checksums) the engine sees.
 */
public class SqlFolderChangeLogParser implements ChangeLogParser {

	@Override
	public int getPriority() {
		// Above the SQL parsers, which would otherwise claim nothing here: a folder is ours alone.
		return PRIORITY_DATABASE;
	}

	@Override
	public boolean supports(String changeLogFile, ResourceAccessor resourceAccessor) {
		if (changeLogFile.endsWith("/")) {
			return true;
		}
		// Liquibase's include drops the trailing slash: take a name without an extension that
		// holds SQL files for a folder too.
		String name = changeLogFile.substring(changeLogFile.lastIndexOf('/') + 1);
		if (name.isEmpty() || name.contains(".")) {
			return false;
		}
		try {
			return resourceAccessor.search(changeLogFile, false)
				.stream()
				.anyMatch((resource) -> resource.getPath().endsWith(SqlMigrationName.SUFFIX));
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	@Override
	public DatabaseChangeLog parse(String physicalChangeLogLocation, ChangeLogParameters changeLogParameters,
			ResourceAccessor resourceAccessor) throws ChangeLogParseException {
		String logicalFolder = MigrationSources.logicalPath(physicalChangeLogLocation);
		if (!logicalFolder.endsWith("/")) {
			logicalFolder = logicalFolder + "/";
		}
		try {
			List<SqlFile> files = new ArrayList<>();
			for (Resource resource : resourceAccessor.search(physicalChangeLogLocation, false)) {
				String path = resource.getPath();
				String fileName = path.substring(path.lastIndexOf('/') + 1);
				if (fileName.endsWith(SqlMigrationName.SUFFIX)) {
					files.add(new SqlFile(fileName, String.valueOf(resource.getUri()), read(resource)));
				}
			}
			if (files.isEmpty()) {
				throw new ChangeLogParseException("No SQL migration files found in folder " + physicalChangeLogLocation
						+ " (searched " + resourceAccessor.describeLocations() + ")");
			}
			DatabaseChangeLog changeLog = SqlFolderChangeLogs.build(logicalFolder, files, null);
			changeLog.setChangeLogParameters(changeLogParameters);
			return changeLog;
		}
		catch (IOException ex) {
			throw new ChangeLogParseException("Could not read SQL migration folder " + physicalChangeLogLocation
					+ ": " + ex.getMessage(), ex);
		}
		catch (MigrationException ex) {
			throw new ChangeLogParseException(ex.getMessage(), ex);
		}
	}

	private static String read(Resource resource) throws IOException {
		try (InputStream input = resource.openInputStream()) {
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
