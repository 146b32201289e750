package io.dotmac.database.migration.source;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.change.Change;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParser;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationInitException;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.SqlTemplates;

/**
 * Turns a module location into a Liquibase {@link DatabaseChangeLog}, so that the engine (and
 * plain Liquibase, given the changelog through {@code DatabaseChangelogCommandStep.CHANGELOG_ARG})
 * treats every source alike:
 * <ul>
 * <li>a Liquibase changelog ({@code .yaml}, {@code .yml}, {@code .xml}, {@code .json}, or
 * formatted {@code .sql}) is parsed by Liquibase's own parsers;</li>
 * <li>a location ending with {@code /} is a folder of plain SQL files in pgdbm's layout,
 * see {@link SqlFolderChangeLogs}.</li>
 * </ul>
 * A location is a class path location ({@code classpath:db/tenant/}, or no prefix; found in
 * folders and jars alike) or a file system one ({@code file:src/main/resources/db/tenant/}).
 * <p>
 * <b>Paths in the history.</b> Changesets record the location's path as Liquibase would:
 * without {@code classpath:} and leading slashes ({@code db/tenant/001_init.sql}); a
 * {@code file:} location relative to the working directory when it lies inside it. So the
 * same folder read from the class path and from {@code file:src/main/resources/...} records
 * different paths: use one form per database (the class path in applications). Each module
 * keeps its own history table, so two modules may hold files of the same name.
 * <p>
 * Thread-safe; loading does not touch a database.
 */
public class MigrationSources {

	private static final String CLASSPATH = "classpath:";

	private static final String CLASSPATH_ALL = "classpath*:";

	private static final String FILE = "file:";

	private final ClassLoader classLoader;

	private final PathMatchingResourcePatternResolver resolver;

	private final @Nullable Path directory;

	// One for the loader's life: it opens the class path's jars once, not on every load.
	private volatile @Nullable ClassLoaderResourceAccessor classPathAccessor;

	/**
	 * Create a loader for the class path of this library.
	 */
	public MigrationSources() {
		this(defaultClassLoader());
	}

	/**
	 * Create a loader.
	 * @param classLoader where class path locations are found
	 */
	public MigrationSources(ClassLoader classLoader) {
		this(classLoader, null);
	}

	private MigrationSources(ClassLoader classLoader, @Nullable Path directory) {
		this.classLoader = Objects.requireNonNull(classLoader, "classLoader must not be null");
		this.resolver = new PathMatchingResourcePatternResolver(classLoader);
		this.directory = (directory != null) ? directory.toAbsolutePath().normalize() : null;
	}

	/**
	 * A loader that finds class path locations in a source folder instead of on the class
	 * path ({@code classpath:db/tenant/} is {@code <directory>/db/tenant/}), recording the
	 * same paths: what is in the source tree, before it is built. The scaffolder's
	 * autogenerate reads the head of a changelog this way.
	 * @param directory the source folder, for example {@code src/main/resources}
	 * @return the loader
	 */
	public static MigrationSources forDirectory(Path directory) {
		Objects.requireNonNull(directory, "directory must not be null");
		return new MigrationSources(defaultClassLoader(), directory);
	}

	/**
	 * Load one part of a module.
	 * @param module the module
	 * @param target its shared or tenant part
	 * @return the changelog
	 * @throws MigrationNotFoundException when the module has no such part or its location
	 * does not exist
	 * @throws MigrationInitException when the location cannot be read or is refused
	 */
	public DatabaseChangeLog load(MigrationModule module, MigrationTarget target) {
		String location = module.location(target);
		if (location == null) {
			throw new MigrationNotFoundException("Module '" + module.name() + "' has no " + target.name().toLowerCase()
					+ " location: configure one or do not ask for that part", null, null, module.name(), null);
		}
		return load(location, module.name());
	}

	/**
	 * Load a location.
	 * @param location a changelog, or an SQL folder ending with {@code /}
	 * @return the changelog
	 * @throws MigrationNotFoundException when the location does not exist
	 * @throws MigrationInitException when it cannot be read or is refused
	 */
	public DatabaseChangeLog load(String location) {
		return load(location, null);
	}

	/**
	 * Load a location of a module.
	 * @param location a changelog, or an SQL folder ending with {@code /}
	 * @param module the module, named in errors, or {@code null}
	 * @return the changelog
	 * @throws MigrationNotFoundException when the location does not exist
	 * @throws MigrationInitException when it cannot be read or is refused
	 */
	public DatabaseChangeLog load(String location, @Nullable String module) {
		Objects.requireNonNull(location, "location must not be null");
		return isFolder(location) ? loadFolder(location, module) : loadChangeLog(location, module);
	}

	/**
	 * A Liquibase resource accessor that finds what this loader finds: put it in Liquibase's
	 * scope ({@code Scope.Attr.resourceAccessor}) when a loaded changelog runs, so that
	 * changes reading files ({@code sqlFile}) find them. The class path accessor is shared by
	 * all calls and lives as long as this loader: do not close it.
	 * @param location the location the accessor is for
	 * @return the accessor
	 */
	public ResourceAccessor resourceAccessor(String location) {
		if (this.directory != null && !location.startsWith(FILE)) {
			try {
				return new DirectoryResourceAccessor(this.directory);
			}
			catch (FileNotFoundException ex) {
				throw new MigrationNotFoundException("Folder " + this.directory + " does not exist", ex, null, null, null);
			}
		}
		if (location.startsWith(FILE)) {
			try {
				return new DirectoryResourceAccessor(fileRoot(location));
			}
			catch (FileNotFoundException ex) {
				throw new MigrationNotFoundException("Folder " + fileRoot(location) + " does not exist", ex, null, null,
						null);
			}
		}
		ClassLoaderResourceAccessor accessor = this.classPathAccessor;
		if (accessor == null) {
			synchronized (this) {
				accessor = this.classPathAccessor;
				if (accessor == null) {
					accessor = new ClassLoaderResourceAccessor(this.classLoader);
					this.classPathAccessor = accessor;
				}
			}
		}
		return accessor;
	}

	/**
	 * Whether a location is an SQL folder.
	 * @param location the location
	 * @return {@code true} when it ends with {@code /}
	 */
	public static boolean isFolder(String location) {
		return location.endsWith("/");
	}

	/**
	 * The path a location records in the history: without {@code classpath:} or
	 * {@code classpath*:} and leading slashes; {@code file:} locations without the prefix and,
	 * when they lie inside the working directory, relative to it.
	 * @param location the location
	 * @return the logical path
	 */
	public static String logicalPath(String location) {
		String path = location.replace('\\', '/');
		if (path.startsWith(FILE)) {
			String file = path.substring(FILE.length());
			Path absolute = Path.of(file).toAbsolutePath().normalize();
			Path workingDirectory = Path.of("").toAbsolutePath();
			String logical = absolute.startsWith(workingDirectory)
					? workingDirectory.relativize(absolute).toString().replace('\\', '/') : absolute.toString();
			path = logical.replace('\\', '/');
			if (location.endsWith("/") && !path.endsWith("/")) {
				path = path + "/";
			}
		}
		else if (path.startsWith(CLASSPATH_ALL)) {
			path = path.substring(CLASSPATH_ALL.length());
		}
		else if (path.startsWith(CLASSPATH)) {
			path = path.substring(CLASSPATH.length());
		}
		while (path.startsWith("/")) {
			path = path.substring(1);
		}
		return path;
	}

	private DatabaseChangeLog loadFolder(String location, @Nullable String module) {
		String pattern = searchPattern(location);
		List<SqlFile> files = new ArrayList<>();
		try {
			for (Resource resource : this.resolver.getResources(pattern)) {
				String fileName = resource.getFilename();
				if (fileName != null && resource.isReadable() && fileName.endsWith(SqlMigrationName.SUFFIX)) {
					files.add(new SqlFile(fileName, resource.getDescription(),
							resource.getContentAsString(StandardCharsets.UTF_8)));
				}
			}
		}
		catch (IOException ex) {
			throw new MigrationInitException("Could not read SQL migration folder " + location + ofModule(module) + ": "
					+ ex.getMessage(), ex, null, module, null);
		}
		if (files.isEmpty()) {
			throw new MigrationNotFoundException("No SQL migration files found in " + location + ofModule(module)
					+ ": check the location (a class path folder, or file:...) or add a file such as 001_initial.sql",
					null, null, module, null);
		}
		return SqlFolderChangeLogs.build(logicalPath(location), files, module);
	}

	private String searchPattern(String location) {
		if (location.startsWith(FILE)) {
			return FILE + Path.of(location.substring(FILE.length())).toAbsolutePath().normalize() + "/*.sql";
		}
		if (this.directory != null) {
			return FILE + this.directory.resolve(logicalPath(location)).normalize() + "/*.sql";
		}
		// All class path roots: a folder may be spread over jars (SqlFolderChangeLogs
		// refuses two different files of the same name).
		return CLASSPATH_ALL + logicalPath(location) + "*.sql";
	}

	private DatabaseChangeLog loadChangeLog(String location, @Nullable String module) {
		ResourceAccessor accessor = resourceAccessor(location);
		String path = location.startsWith(FILE) ? filePath(location) : logicalPath(location);
		try {
			if (!accessor.get(path).exists()) {
				throw new MigrationNotFoundException("Changelog " + location + ofModule(module)
						+ " does not exist: check the location", null, null, module, null);
			}
			Map<String, Object> scope = new HashMap<>();
			scope.put(Scope.Attr.resourceAccessor.name(), accessor);
			scope.put(AnalyticsArgs.ENABLED.getKey(), false);
			DatabaseChangeLog changeLog = Scope.child(scope, () -> {
				ChangeLogParser parser = ChangeLogParserFactory.getInstance().getParser(path, accessor);
				return parser.parse(path, new ChangeLogParameters(), accessor);
			});
			refuseUnknownPlaceholders(changeLog, module);
			return changeLog;
		}
		catch (MigrationException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new MigrationInitException("Changelog " + location + ofModule(module) + " could not be read: "
					+ ex.getMessage() + ". Fix the file (or the include it names)", ex, null, module, null);
		}
	}

	private static void refuseUnknownPlaceholders(DatabaseChangeLog changeLog, @Nullable String module) {
		for (ChangeSet changeSet : changeLog.getChangeSets()) {
			for (Change change : changeSet.getChanges()) {
				if (change instanceof TemplatedSqlChange templated) {
					List<String> unknown = SqlTemplates.unknownPlaceholders(templated.getTemplate());
					if (!unknown.isEmpty()) {
						throw new MigrationInitException("Changeset " + changeSet + " has unknown placeholder(s) " + unknown
								+ ": use {{schema}} or {{tables.<name>}}", null, null, module, changeSet.toString());
					}
				}
			}
		}
	}

	private static Path fileRoot(String location) {
		Path absolute = Path.of(location.substring(FILE.length())).toAbsolutePath().normalize();
		Path workingDirectory = Path.of("").toAbsolutePath();
		return absolute.startsWith(workingDirectory) ? workingDirectory : absolute.getRoot();
	}

	private static String filePath(String location) {
		Path absolute = Path.of(location.substring(FILE.length())).toAbsolutePath().normalize();
		return fileRoot(location).relativize(absolute).toString().replace('\\', '/');
	}

	private static String ofModule(@Nullable String module) {
		return (module != null) ? " (module '" + module + "')" : "";
	}

	private static ClassLoader defaultClassLoader() {
		ClassLoader classLoader = MigrationSources.class.getClassLoader();
		return (classLoader != null) ? classLoader : ClassLoader.getSystemClassLoader();
	}

}
