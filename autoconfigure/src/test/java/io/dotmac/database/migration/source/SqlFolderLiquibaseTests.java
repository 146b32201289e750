package io.dotmac.database.migration.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.changelog.DatabaseChangeLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.schema.TenantSchemaMigrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * SQL folders run by plain Liquibase on real PostgreSQL: once through the registered folder
 * parser ({@code changelog-file} ending with {@code /}, the way {@link TenantSchemaMigrator}
 * runs any changelog) and once given the changelog that {@link MigrationSources} loaded
 * ({@code CHANGELOG_ARG}). Both schemas must end up alike, with placeholders expanded for
 * their own schema and identical histories, checksums included.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlFolderLiquibaseTests {

	private static final String MIXED = MigrationSourcesTests.BASE + "mixed/";

	private static final String HISTORY = "SELECT id, author, filename, md5sum, description, orderexecuted, exectype"
			+ " FROM %s.%s ORDER BY orderexecuted";

	private TestDatabase database;

	private JdbcTemplate owner;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
		this.owner = new JdbcTemplate(database.ownerDataSource());
		this.owner.execute("CREATE SCHEMA s_one");
		this.owner.execute("CREATE SCHEMA s_two");
		this.owner.execute("CREATE SCHEMA s_modules");
		// s_one through the parser, as any changelog path; s_two from the loaded changelog.
		this.owner.execute((Connection connection) -> {
			new TenantSchemaMigrator("classpath:" + MIXED).migrate(connection, "s_one");
			return null;
		});
		update("s_two", "databasechangelog", new MigrationSources().load("classpath:" + MIXED));
	}

	@Test
	void placeholdersAreExpandedForEachSchema() {
		for (String schema : List.of("s_one", "s_two")) {
			assertThat(this.owner.queryForList("SELECT table_name FROM information_schema.tables"
					+ " WHERE table_schema = ? AND table_name NOT LIKE 'databasechangelog%' ORDER BY 1", String.class,
					schema))
				.containsExactly("customers", "orders");
			assertThat(this.owner.queryForObject("SELECT confrelid::regclass::text FROM pg_constraint"
					+ " WHERE conrelid = ?::regclass AND contype = 'f'", String.class, schema + ".orders"))
				.isEqualTo(schema + ".customers");
			assertThat(this.owner.queryForObject("SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n"
					+ " ON n.oid = p.pronamespace WHERE n.nspname = ? AND p.proname = 'customer_total'", String.class,
					schema))
				.contains("FROM \"" + schema + "\".\"orders\" WHERE");
		}
		assertThat(this.owner.queryForObject(
				"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", Integer.class))
			.isZero();
	}

	@Test
	void aDollarQuotedBodyRunsAsWritten() {
		this.owner.update("INSERT INTO s_one.customers (name) VALUES ('Acme')");
		this.owner.update("INSERT INTO s_one.orders (customer_id, total) SELECT id, 12.50 FROM s_one.customers");
		assertThat(this.owner.queryForObject(
				"SELECT s_one.customer_total(id)::text FROM s_one.customers WHERE name = 'Acme'", String.class))
			.isEqualTo("12.50");
		assertThat(this.owner.queryForObject("SELECT obj_description('s_two.customer_total(bigint)'::regprocedure)",
				String.class))
			.isEqualTo("Total of a customer's orders");
	}

	@Test
	void historiesAreIdenticalAcrossSchemasWithChecksumsOverTheTemplate() {
		List<Map<String, Object>> one = history("s_one", "databasechangelog");
		List<Map<String, Object>> two = history("s_two", "databasechangelog");
		assertThat(one).hasSize(4).isEqualTo(two);
		assertThat(one).extracting((row) -> row.get("id"))
			.containsExactly("001_create_customers", "V2__create_orders", "V2_1__index_orders",
					"20240101120000_customer_total");
		assertThat(one).extracting((row) -> row.get("filename"))
			.containsExactly(MIXED + "001_create_customers.sql", MIXED + "V2__create_orders.sql",
					MIXED + "V2_1__index_orders.sql", MIXED + "20240101120000_customer_total.sql");
		assertThat(one).extracting((row) -> row.get("md5sum"))
			.containsExactlyElementsOf(MigrationSourcesTests.checksums(new MigrationSources().load(MIXED)));
		assertThat(one).extracting((row) -> row.get("exectype")).containsOnly("EXECUTED");
	}

	@Test
	void runningAgainAppliesNothingAndFindsNoChecksumChange() {
		this.owner.execute((Connection connection) -> {
			new TenantSchemaMigrator("classpath:" + MIXED).migrate(connection, "s_two");
			return null;
		});
		update("s_one", "databasechangelog", new MigrationSources().load(MIXED));
		assertThat(history("s_one", "databasechangelog")).hasSize(4);
		assertThat(history("s_two", "databasechangelog")).hasSize(4);
	}

	@Test
	void twoModulesWithClashingFileNamesKeepSeparateHistories() {
		update("s_modules", "databasechangelog_one", new MigrationSources().load(MigrationSourcesTests.BASE + "clash-one/"));
		update("s_modules", "databasechangelog_two", new MigrationSources().load(MigrationSourcesTests.BASE + "clash-two/"));
		assertThat(history("s_modules", "databasechangelog_one")).singleElement()
			.satisfies((row) -> assertThat(row.get("id")).isEqualTo("001_initial"));
		assertThat(history("s_modules", "databasechangelog_two")).singleElement()
			.satisfies((row) -> assertThat(row.get("id")).isEqualTo("001_initial"));
		assertThat(this.owner.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema ="
				+ " 's_modules' AND table_name LIKE '%things' ORDER BY 1", String.class))
			.containsExactly("one_things", "two_things");
	}

	@Test
	void downFilesRollBackWithPlainLiquibase() {
		this.owner.execute("CREATE SCHEMA s_rollback");
		String changelogFile = MIXED;
		liquibase("s_rollback", "databasechangelog", (command) -> command.addArgumentValue(
				DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, changelogFile), UpdateCommandStep.COMMAND_NAME);
		liquibase("s_rollback", "databasechangelog",
				(command) -> command.addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_FILE_ARG, changelogFile)
					.addArgumentValue(RollbackCountCommandStep.COUNT_ARG, 1),
				RollbackCountCommandStep.COMMAND_NAME);
		assertThat(history("s_rollback", "databasechangelog")).hasSize(3);
		assertThat(this.owner.queryForObject("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid ="
				+ " p.pronamespace WHERE n.nspname = 's_rollback' AND p.proname = 'customer_total'", Integer.class))
			.isZero();
	}

	@Test
	void aChangedAppliedFileIsRefusedByLiquibase(@TempDir Path folder) throws IOException {
		Files.writeString(folder.resolve("001_notes.sql"), "CREATE TABLE {{tables.notes}} (id int);\n");
		String location = "file:" + folder + "/";
		this.owner.execute("CREATE SCHEMA s_changed");
		update("s_changed", "databasechangelog", new MigrationSources().load(location));
		Files.writeString(folder.resolve("001_notes.sql"), "CREATE TABLE {{tables.notes}} (id bigint);\n");
		DatabaseChangeLog changed = new MigrationSources().load(location);
		assertThatIllegalStateException().isThrownBy(() -> update("s_changed", "databasechangelog", changed))
			.havingRootCause()
			.withMessageContaining("001_notes.sql")
			.withMessageContaining("check sum");
	}

	private List<Map<String, Object>> history(String schema, String table) {
		return this.owner.queryForList(HISTORY.formatted(schema, table));
	}

	private void update(String schema, String historyTable, DatabaseChangeLog changeLog) {
		PlainLiquibase.update(this.owner, schema, historyTable, changeLog);
	}

	private void liquibase(String schema, String historyTable, Consumer<CommandScope> arguments, String... command) {
		PlainLiquibase.run(this.owner, schema, historyTable, arguments, command);
	}

}
