package io.dotmac.database.migration.source;

import java.util.Objects;

import liquibase.changelog.DatabaseChangeLog;

import io.dotmac.database.migration.engine.ChangeLogLoader;

/**
 * Plugs SQL folders (locations ending with {@code /}) into the migration engine: each folder
 * is read by {@link MigrationSources} into a Liquibase changelog of templated SQL changes.
 */
public final class SqlFolderChangeLogLoader implements ChangeLogLoader {

	private final MigrationSources sources;

	/**
	 * Create a loader.
	 * @param sources reads the folders
	 */
	public SqlFolderChangeLogLoader(MigrationSources sources) {
		this.sources = Objects.requireNonNull(sources, "sources must not be null");
	}

	@Override
	public boolean supports(String location) {
		return MigrationSources.isFolder(location);
	}

	@Override
	public DatabaseChangeLog load(String location) {
		return this.sources.load(location);
	}

	@Override
	public String toString() {
		return "SqlFolderChangeLogLoader[" + this.sources + "]";
	}

}
