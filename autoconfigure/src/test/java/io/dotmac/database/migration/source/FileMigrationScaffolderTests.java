package io.dotmac.database.migration.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import liquibase.changelog.ChangeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.dotmac.database.migration.MigrationCreationException;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.NewMigration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * New migration files with the next version, in SQL folders and Liquibase changelogs, read
 * back with {@link MigrationSources} to prove they load.
 */
class FileMigrationScaffolderTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);

	@TempDir
	Path root;

	private final MigrationSources sources = new MigrationSources();

	@Test
	void sequentialFolderGetsTheNextNumber() throws IOException {
		folder("db/tenant", "001_create_users.sql", "002_add_email.sql", "002_add_email.down.sql", "README.md");
		Path created = scaffolder(tenant("classpath:db/tenant/")).create(request("Add notes table!", false));
		assertThat(created).isEqualTo(this.root.resolve("db/tenant/003_add_notes_table.sql"));
		assertThat(Files.readString(created)).startsWith("-- Add notes table!\n")
			.contains("003_add_notes_table.down.sql")
			.contains("Write the SQL of this migration here.");
		assertThat(this.sources.load("file:" + this.root.resolve("db/tenant") + "/").getChangeSets())
			.extracting(ChangeSet::getId)
			.containsExactly("001_create_users", "002_add_email", "003_add_notes_table");
	}

	@Test
	void sequentialNumbersKeepTheirWidth() throws IOException {
		folder("db/tenant", "0009_a.sql");
		assertThat(scaffolder(tenant("db/tenant/")).create(request("b", false)).getFileName())
			.hasToString("0010_b.sql");
	}

	@Test
	void flywayFolderGetsTheNextMajorVersion() throws IOException {
		folder("db/tenant", "V1__a.sql", "V2_1__b.sql");
		assertThat(scaffolder(tenant("classpath:db/tenant/")).create(request("c", false)).getFileName())
			.hasToString("V3__c.sql");
	}

	@Test
	void timestampFolderGetsTheTime() throws IOException {
		folder("db/tenant", "001_a.sql", "20240101120000_b.sql");
		assertThat(scaffolder(tenant("classpath:db/tenant/")).create(request("c", false)).getFileName())
			.hasToString("20250304050607_c.sql");
	}

	@Test
	void timestampFolderAheadOfTheClockStillGoesForward() throws IOException {
		folder("db/tenant", "20300101000000_future.sql");
		assertThat(scaffolder(tenant("classpath:db/tenant/")).create(request("c", false)).getFileName())
			.hasToString("20300101000001_c.sql");
	}

	@Test
	void aNewFolderStartsAtOne() {
		Path created = scaffolder(tenant("classpath:db/billing/")).create(request("initial schema", false));
		assertThat(created).isEqualTo(this.root.resolve("db/billing/001_initial_schema.sql")).exists();
	}

	@Test
	void aFileLocationIsUsedAsItIs(@TempDir Path elsewhere) {
		Path created = new FileMigrationScaffolder(List.of(tenant("file:" + elsewhere + "/sql/")))
			.create(new NewMigration("app", MigrationTarget.TENANT, "first", false, this.root));
		assertThat(created).isEqualTo(elsewhere.resolve("sql/001_first.sql"));
	}

	@Test
	void unknownModulesAndPartsAreNotFound() {
		FileMigrationScaffolder scaffolder = scaffolder(tenant("classpath:db/tenant/"));
		assertThatExceptionOfType(MigrationNotFoundException.class)
			.isThrownBy(() -> scaffolder.create(new NewMigration("billing", MigrationTarget.TENANT, "x", false, this.root)))
			.withMessageContaining("'billing'")
			.withMessageContaining("[app]");
		assertThatExceptionOfType(MigrationNotFoundException.class)
			.isThrownBy(() -> scaffolder.create(new NewMigration("app", MigrationTarget.SHARED, "x", false, this.root)))
			.withMessageContaining("no shared location");
	}

	@Test
	void autogenerateWithoutAnAutogeneratorSaysWhatIsMissing() {
		assertThatExceptionOfType(MigrationCreationException.class)
			.isThrownBy(() -> scaffolder(tenant("classpath:db/tenant/")).create(request("x", true)))
			.withMessageContaining("liquibase-hibernate7");
		assertThat(this.root.resolve("db/tenant")).doesNotExist();
	}

	@Test
	void anAutogeneratorWithNothingToDoIsRefused() {
		FileMigrationScaffolder scaffolder = new FileMigrationScaffolder(List.of(tenant("classpath:db/tenant/")),
				(module, target, head) -> List.of(), CLOCK);
		assertThatExceptionOfType(MigrationCreationException.class).isThrownBy(() -> scaffolder.create(request("x", true)))
			.withMessageContaining("Nothing to autogenerate");
	}

	@Test
	void aYamlChangelogGetsAChangesFileAndAnInclude() throws IOException {
		Path master = this.root.resolve("db/tenant.yaml");
		Files.createDirectories(master.getParent());
		Files.writeString(master, """
				databaseChangeLog:
				  - changeSet:
				      id: 1
				      author: me
				      changes:
				        - createTable:
				            tableName: users
				            columns:
				              - column:
				                  name: id
				                  type: bigint
				""");
		FileMigrationScaffolder scaffolder = scaffolder(tenant("classpath:db/tenant.yaml"));
		Path first = scaffolder.create(request("Add notes", false));
		Path second = scaffolder.create(request("Add tags", false));
		assertThat(first).isEqualTo(this.root.resolve("db/changes/001_add_notes.yaml"));
		assertThat(second).isEqualTo(this.root.resolve("db/changes/002_add_tags.yaml"));
		assertThat(Files.readString(master)).endsWith("""
				  - include:
				      file: changes/002_add_tags.yaml
				      relativeToChangelogFile: true
				""");
		assertThat(this.sources.load("file:" + master).getChangeSets()).extracting(ChangeSet::getId)
			.containsExactly("1", "001_add_notes", "002_add_tags");
	}

	@Test
	void anXmlChangelogWithIncludeAllOnlyGetsTheNewFile() throws IOException {
		Path master = this.root.resolve("db/tenant.xml");
		Files.createDirectories(this.root.resolve("db/tenant-changes"));
		Files.writeString(this.root.resolve("db/tenant-changes/001_first.xml"), """
				<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
				        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
				        xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
				            http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
				    <changeSet id="001_first" author="me"><sql>SELECT 1</sql></changeSet>
				</databaseChangeLog>
				""");
		String text = """
				<?xml version="1.0" encoding="UTF-8"?>
				<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
				        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
				        xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
				            http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
				    <includeAll path="tenant-changes/" relativeToChangelogFile="true"/>
				</databaseChangeLog>
				""";
		Files.writeString(master, text);
		Path created = scaffolder(tenant("classpath:db/tenant.xml")).create(request("second", false));
		assertThat(created).isEqualTo(this.root.resolve("db/tenant-changes/002_second.xml"));
		assertThat(Files.readString(master)).isEqualTo(text);
		assertThat(this.sources.load("file:" + master).getChangeSets()).extracting(ChangeSet::getId)
			.containsExactly("001_first", "002_second");
	}

	@Test
	void aFormattedSqlChangelogGetsAnAppendedChangeset() throws IOException {
		Path master = this.root.resolve("db/tenant.sql");
		Files.createDirectories(master.getParent());
		Files.writeString(master, """
				--liquibase formatted sql

				--changeset me:001_users
				CREATE TABLE users (id bigint);
				""");
		assertThat(scaffolder(tenant("classpath:db/tenant.sql")).create(request("Add notes", false))).isEqualTo(master);
		assertThat(this.sources.load("file:" + master).getChangeSets()).extracting(ChangeSet::getId)
			.containsExactly("001_users", "002_add_notes");
	}

	@Test
	void aJsonChangelogWithoutIncludeAllIsRefused() throws IOException {
		Path master = this.root.resolve("db/tenant.json");
		Files.createDirectories(master.getParent());
		Files.writeString(master, "{\"databaseChangeLog\": []}");
		assertThatExceptionOfType(MigrationCreationException.class)
			.isThrownBy(() -> scaffolder(tenant("classpath:db/tenant.json")).create(request("x", false)))
			.withMessageContaining("includeAll");
	}

	@Test
	void aMissingChangelogIsNotFound() {
		assertThatExceptionOfType(MigrationNotFoundException.class)
			.isThrownBy(() -> scaffolder(tenant("classpath:db/nowhere.yaml")).create(request("x", false)))
			.withMessageContaining("nowhere.yaml");
	}

	@Test
	void slugs() {
		assertThat(NextMigrationName.slug("  Add Customer-Notes (v2)! ")).isEqualTo("add_customer_notes_v2");
		assertThat(NextMigrationName.slug("!!!")).isEqualTo("migration");
		assertThat(NextMigrationName.slug("x".repeat(100))).hasSize(60);
	}

	private FileMigrationScaffolder scaffolder(MigrationModule module) {
		return new FileMigrationScaffolder(List.of(module), null, CLOCK);
	}

	private NewMigration request(String description, boolean autogenerate) {
		return new NewMigration("app", MigrationTarget.TENANT, description, autogenerate, this.root);
	}

	private static MigrationModule tenant(String location) {
		return new MigrationModule("app", 0, null, location);
	}

	private void folder(String path, String... files) throws IOException {
		Path folder = Files.createDirectories(this.root.resolve(path));
		for (String file : files) {
			Files.writeString(folder.resolve(file), "SELECT 1;\n");
		}
	}

}
