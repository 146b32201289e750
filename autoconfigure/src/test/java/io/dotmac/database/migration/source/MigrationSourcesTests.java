package io.dotmac.database.migration.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import liquibase.ChecksumVersion;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dotmac.database.migration.MigrationInitException;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.SchemaTemplatedChange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Loading locations into Liquibase changelogs, without a database: SQL folders (the three
 * name patterns, order, refusals), changelog files, and checksums over the template.
 */
class MigrationSourcesTests {

	static final String BASE = "io/dotmac/database/migration/source/";

	private final MigrationSources sources = new MigrationSources();

	@Test
	void anSqlFolderBecomesOneChangesetPerFileInVersionOrder() {
		DatabaseChangeLog changeLog = this.sources.load("classpath:" + BASE + "mixed/");
		assertThat(changeLog.getChangeSets()).extracting(ChangeSet::getId)
			.containsExactly("001_create_customers", "V2__create_orders", "V2_1__index_orders",
					"20240101120000_customer_total");
		assertThat(changeLog.getChangeSets()).extracting(ChangeSet::getAuthor).containsOnly("dotmac");
		assertThat(changeLog.getChangeSets()).extracting(ChangeSet::getFilePath)
			.containsExactly(BASE + "mixed/001_create_customers.sql", BASE + "mixed/V2__create_orders.sql",
					BASE + "mixed/V2_1__index_orders.sql", BASE + "mixed/20240101120000_customer_total.sql");
		assertThat(changeLog.getFilePath()).isEqualTo(BASE + "mixed/");
	}

	@Test
	void eachChangesetHoldsTheTemplateOfItsFile() {
		ChangeSet first = this.sources.load(BASE + "mixed/").getChangeSets().get(0);
		assertThat(first.getChanges()).singleElement()
			.isInstanceOf(TemplatedSqlChange.class)
			.extracting((change) -> ((SchemaTemplatedChange) change).getTemplate())
			.asString()
			.startsWith("-- Customers of the tenant")
			.contains("CREATE TABLE {{tables.customers}} (");
		assertThat(((TemplatedSqlChange) first.getChanges().get(0)).render("t_acme"))
			.contains("CREATE TABLE \"t_acme\".\"customers\" (");
	}

	@Test
	void downFilesBecomeTheRollbackOfTheirChangeset() {
		Map<String, List<Change>> rollbacks = this.sources.load(BASE + "mixed/")
			.getChangeSets()
			.stream()
			.collect(Collectors.toMap(ChangeSet::getId, (changeSet) -> changeSet.getRollback().getChanges()));
		assertThat(rollbacks.get("001_create_customers")).singleElement()
			.extracting((change) -> ((TemplatedSqlChange) change).getTemplate())
			.asString()
			.contains("DROP TABLE {{tables.customers}}");
		assertThat(rollbacks.get("V2__create_orders")).isEmpty();
		assertThat(rollbacks.get("20240101120000_customer_total")).hasSize(1);
	}

	@Test
	void aModulePartIsLoadedFromItsLocation() {
		MigrationModule module = new MigrationModule("billing", 10, null, "classpath:" + BASE + "clash-two/");
		assertThat(this.sources.load(module, MigrationTarget.TENANT).getChangeSets()).extracting(ChangeSet::getFilePath)
			.containsExactly(BASE + "clash-two/001_initial.sql");
		assertThatExceptionOfType(MigrationNotFoundException.class)
			.isThrownBy(() -> this.sources.load(module, MigrationTarget.SHARED))
			.withMessageContaining("'billing'")
			.withMessageContaining("shared")
			.satisfies((ex) -> assertThat(ex.getModule()).isEqualTo("billing"));
	}

	@Test
	void twoFilesWithTheSameVersionAreRefusedNamingBoth() {
		assertThatExceptionOfType(MigrationInitException.class)
			.isThrownBy(() -> this.sources.load(BASE + "duplicate/", "app"))
			.withMessageContaining("001_a.sql")
			.withMessageContaining("V1__b.sql")
			.withMessageContaining("same version")
			.satisfies((ex) -> assertThat(ex.getModule()).isEqualTo("app"));
	}

	@Test
	void aFileWithoutAVersionIsRefusedNamingIt() {
		assertThatExceptionOfType(MigrationInitException.class).isThrownBy(() -> this.sources.load(BASE + "unversioned/"))
			.withMessageContaining("'create_users.sql'")
			.withMessageContaining(BASE + "unversioned/");
	}

	@Test
	void anUnknownPlaceholderIsRefusedWhenLoadingNamingTheFile() {
		assertThatExceptionOfType(MigrationInitException.class)
			.isThrownBy(() -> this.sources.load(BASE + "unknown-placeholder/"))
			.withMessageContaining(BASE + "unknown-placeholder/001_a.sql")
			.withMessageContaining("{{tenant}}");
	}

	@Test
	void aDowngradeWithoutItsMigrationIsRefused() {
		assertThatExceptionOfType(MigrationInitException.class).isThrownBy(() -> this.sources.load(BASE + "orphan-down/"))
			.withMessageContaining("002_b.down.sql")
			.withMessageContaining("002_b.sql");
	}

	@Test
	void aMissingFolderIsNotFound() {
		assertThatExceptionOfType(MigrationNotFoundException.class)
			.isThrownBy(() -> this.sources.load("classpath:" + BASE + "nowhere/", "app"))
			.withMessageContaining(BASE + "nowhere/")
			.withMessageContaining("module 'app'");
	}

	@Test
	void aMissingChangelogIsNotFound() {
		assertThatExceptionOfType(MigrationNotFoundException.class)
			.isThrownBy(() -> this.sources.load("classpath:" + BASE + "nowhere.yaml"))
			.withMessageContaining(BASE + "nowhere.yaml");
	}

	@Test
	void aBrokenChangelogFailsNamingIt() {
		assertThatExceptionOfType(MigrationInitException.class)
			.isThrownBy(() -> this.sources.load("classpath:" + BASE + "broken.yaml", "app"))
			.withMessageContaining(BASE + "broken.yaml")
			.withMessageContaining("could not be read");
	}

	@Test
	void aChangelogMayUseTemplatedSqlAndIncludeAnSqlFolder() {
		DatabaseChangeLog changeLog = this.sources.load("classpath:" + BASE + "changelog.yaml");
		assertThat(changeLog.getChangeSets()).extracting(ChangeSet::getId).containsExactly("notes", "001_labels");
		assertThat(changeLog.getChangeSets()).extracting(ChangeSet::getFilePath)
			.containsExactly(BASE + "changelog.yaml", BASE + "sql/001_labels.sql");
		assertThat(changeLog.getChangeSets().get(0).getChanges()).singleElement()
			.isInstanceOf(TemplatedSqlChange.class);
	}

	@Test
	void checksumsAreOverTheTemplateAndFollowTheFile(@TempDir Path folder) throws IOException {
		Files.writeString(folder.resolve("001_a.sql"), "CREATE TABLE {{tables.a}} (id int);\n");
		Files.writeString(folder.resolve("002_b.sql"), "CREATE TABLE {{tables.b}} (id int);\n");
		String location = "file:" + folder + "/";
		List<String> before = checksums(this.sources.load(location));
		assertThat(checksums(this.sources.load(location))).isEqualTo(before);

		Files.writeString(folder.resolve("002_b.sql"), "CREATE TABLE {{tables.b}} (id bigint);\n");
		List<String> after = checksums(this.sources.load(location));
		assertThat(after.get(0)).isEqualTo(before.get(0));
		assertThat(after.get(1)).isNotEqualTo(before.get(1));
	}

	@Test
	void aFileFolderRecordsItsPathRelativeToTheWorkingDirectory() {
		DatabaseChangeLog changeLog = this.sources.load("file:src/test/resources/" + BASE + "mixed/");
		assertThat(changeLog.getChangeSets().get(0).getFilePath())
			.isEqualTo("src/test/resources/" + BASE + "mixed/001_create_customers.sql");
		assertThat(checksums(changeLog)).isEqualTo(checksums(this.sources.load(BASE + "mixed/")));
	}

	@Test
	void aFileChangelogIsRead() {
		DatabaseChangeLog changeLog = this.sources.load("file:src/test/resources/" + BASE + "changelog.yaml");
		assertThat(changeLog.getChangeSets()).extracting(ChangeSet::getFilePath)
			.containsExactly("src/test/resources/" + BASE + "changelog.yaml",
					"src/test/resources/" + BASE + "sql/001_labels.sql");
	}

	static List<String> checksums(DatabaseChangeLog changeLog) {
		return changeLog.getChangeSets()
			.stream()
			.map((changeSet) -> changeSet.generateCheckSum(ChecksumVersion.latest()).toString())
			.toList();
	}

}
