package io.dotmac.database.migration.source;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL folders shipped inside a jar, the way a library module ships its migrations: read by
 * {@link MigrationSources} and by plain Liquibase's parser lookup alike.
 */
class MigrationSourcesJarTests {

	@TempDir
	Path folder;

	@Test
	void aFolderInsideAJarIsLoaded() throws Exception {
		try (URLClassLoader loader = jarLoader()) {
			DatabaseChangeLog changeLog = new MigrationSources(loader).load("classpath:lib/migrations/", "lib");
			assertThat(changeLog.getChangeSets()).extracting(ChangeSet::getId).containsExactly("001_init", "V2__more");
			assertThat(changeLog.getChangeSets()).extracting(ChangeSet::getFilePath)
				.containsExactly("lib/migrations/001_init.sql", "lib/migrations/V2__more.sql");
			assertThat(changeLog.getChangeSets().get(0).getRollback().getChanges()).hasSize(1);
		}
	}

	@Test
	void plainLiquibaseParsesTheSameFolderFromTheJar() throws Exception {
		try (URLClassLoader loader = jarLoader()) {
			ClassLoaderResourceAccessor accessor = new ClassLoaderResourceAccessor(loader);
			Map<String, Object> scope = new HashMap<>();
			scope.put(Scope.Attr.resourceAccessor.name(), accessor);
			DatabaseChangeLog parsed = Scope.child(scope,
					() -> ChangeLogParserFactory.getInstance()
						.getParser("lib/migrations/", accessor)
						.parse("lib/migrations/", new ChangeLogParameters(), accessor));
			DatabaseChangeLog loaded = new MigrationSources(loader).load("lib/migrations/");
			assertThat(MigrationSourcesTests.checksums(parsed)).isEqualTo(MigrationSourcesTests.checksums(loaded));
			assertThat(parsed.getChangeSets()).extracting(ChangeSet::getFilePath)
				.isEqualTo(loaded.getChangeSets().stream().map(ChangeSet::getFilePath).toList());
		}
	}

	private URLClassLoader jarLoader() throws IOException {
		Path jar = this.folder.resolve("library.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			directory(out, "lib/");
			directory(out, "lib/migrations/");
			file(out, "lib/migrations/001_init.sql", "CREATE TABLE {{tables.lib_items}} (id int);\n");
			file(out, "lib/migrations/001_init.down.sql", "DROP TABLE {{tables.lib_items}};\n");
			file(out, "lib/migrations/V2__more.sql", "ALTER TABLE {{tables.lib_items}} ADD COLUMN name text;\n");
		}
		return new URLClassLoader(new URL[] { jar.toUri().toURL() }, getClass().getClassLoader());
	}

	private static void directory(JarOutputStream out, String name) throws IOException {
		out.putNextEntry(new JarEntry(name));
		out.closeEntry();
	}

	private static void file(JarOutputStream out, String name, String content) throws IOException {
		out.putNextEntry(new JarEntry(name));
		OutputStream entry = out;
		entry.write(content.getBytes(StandardCharsets.UTF_8));
		out.closeEntry();
	}

}
