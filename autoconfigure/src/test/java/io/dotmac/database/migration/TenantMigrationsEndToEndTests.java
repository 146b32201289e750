package io.dotmac.database.migration;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.cli.DbCommandLine;
import io.dotmac.database.migration.engine.TenantMigrationsBuilder;
import io.dotmac.database.migration.liquibase.EngineUnitDowngrader;
import io.dotmac.database.migration.liquibase.LiquibaseUnitDowngrader;
import io.dotmac.database.migration.liquibase.LiquibaseUnitView;
import io.dotmac.database.migration.liquibase.UnitChangelog;
import io.dotmac.database.migration.source.FileMigrationScaffolder;
import io.dotmac.database.migration.source.MigrationSources;
import io.dotmac.database.migration.source.SqlFolderChangeLogLoader;
import io.dotmac.database.schema.SchemaNaming;
import io.dotmac.database.tenant.JdbcTenantRegistry;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;
import io.dotmac.database.tenant.TenantRegistryTable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration parts together, as the auto-configuration assembles them: the engine with a
 * Liquibase module and an SQL-folder module (all three file name patterns, templates), the
 * Liquibase-backed downgrade, and the {@code db} command line, on real PostgreSQL.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantMigrationsEndToEndTests {

	private static final String APP_CHANGELOG = "io/dotmac/database/migration/liquibase/round-trip.xml";

	private static final String BILLING_FOLDER = "classpath:io/dotmac/database/migration/e2e/billing/";

	private TestDatabase database;

	private JdbcTemplate owner;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
		this.owner = new JdbcTemplate(database.ownerDataSource());
	}

	private TenantMigrations migrations(String registrySchema, String... tenants) {
		TenantRegistryTable table = TenantRegistryTable.of(registrySchema, "dotmac_tenants");
		new TenantRegistrySchemaInitializer(this.database.ownerDataSource(), table).initialize();
		JdbcTenantRegistry registry = new JdbcTenantRegistry(this.database.ownerDataSource(), table);
		for (String tenant : tenants) {
			registry.register(TenantId.of(tenant), tenant);
			this.owner.execute("CREATE SCHEMA \"t_" + tenant + "\"");
		}
		MigrationSources sources = new MigrationSources(getClass().getClassLoader());
		List<MigrationModule> modules = List.of(new MigrationModule("app", 0, null, APP_CHANGELOG),
				new MigrationModule("billing", 10, null, BILLING_FOLDER));
		TenantMigrationsBuilder builder = TenantMigrationsBuilder.on(this.database.ownerDataSource())
			.registry(null, table)
			.resourceAccessor(new ClassLoaderResourceAccessor(getClass().getClassLoader()))
			.schemaPerTenant(SchemaNaming.defaults())
			.loader(new SqlFolderChangeLogLoader(sources))
			.parallelism(2)
			.lockWaitTimeout(Duration.ofSeconds(30))
			.delegates(new EngineUnitDowngrader(new LiquibaseUnitDowngrader(Duration.ofSeconds(30)), sources, null,
					null), new FileMigrationScaffolder(modules, null, Clock.systemUTC()));
		modules.forEach(builder::module);
		return builder.build();
	}

	@Test
	void upgradeDowngradeUpgradeRoundTripsEveryChangeSetOfBothModules() throws Exception {
		TenantMigrations migrations = migrations("reg_round", "round-a", "round-b");
		MigrationReport first = migrations.upgrade(MigrationRequest.allTenants()).throwIfFailed();
		// 7 Liquibase changesets and 3 SQL files, in each of the two schemas.
		assertThat(first.changeSetCount()).isEqualTo(2 * (7 + 3));
		String before = catalog("t_round-a");
		List<String> appHistory = historyIds("t_round-a", "databasechangelog");
		List<String> billingHistory = historyIds("t_round-a", "databasechangelog_billing");
		assertThat(billingHistory).containsExactly("001_invoices", "V2__invoice_lines", "20240301090000_invoice_total");

		TenantId tenant = TenantId.of("round-a");
		// Each module is rolled back all the way: the SQL folder by its .down.sql files, the
		// changelog by its rollback blocks and Liquibase's automatic rollbacks.
		MigrationReport billingDown = migrations
			.downgrade(MigrationRequest.forTenants(tenant).withModules("billing"), DowngradeTarget.count(3))
			.throwIfFailed();
		MigrationReport appDown = migrations
			.downgrade(MigrationRequest.forTenants(tenant).withModules("app"), DowngradeTarget.count(7))
			.throwIfFailed();
		assertThat(billingDown.changeSetCount() + appDown.changeSetCount()).isEqualTo(7 + 3);
		assertThat(historyIds("t_round-a", "databasechangelog")).isEmpty();
		assertThat(historyIds("t_round-a", "databasechangelog_billing")).isEmpty();
		assertThat(tables("t_round-a")).containsOnly("databasechangelog", "databasechangelog_billing");
		// The other tenant is untouched, and the downgraded one is pending again.
		assertThat(historyIds("t_round-b", "databasechangelog")).hasSize(7);
		assertThat(migrations.pending(MigrationRequest.forTenants(tenant)).values().stream().mapToInt(List::size).sum())
			.isEqualTo(7 + 3);

		migrations.upgrade(MigrationRequest.forTenants(tenant)).throwIfFailed();
		assertThat(catalog("t_round-a")).isEqualTo(before);
		assertThat(historyIds("t_round-a", "databasechangelog")).isEqualTo(appHistory);
		assertThat(historyIds("t_round-a", "databasechangelog_billing")).isEqualTo(billingHistory);
		try (Connection connection = this.database.ownerDataSource().getConnection()) {
			MigrationUnit unit = new MigrationUnit("app", MigrationTarget.TENANT, "t_round-a", tenant);
			assertThat(new LiquibaseUnitView().unrunChangeSets(connection, unit,
					UnitChangelog.of(APP_CHANGELOG, getClass().getClassLoader())))
				.as("Liquibase's own status after the round trip")
				.isEmpty();
		}
	}

	@Test
	void theCommandLineRunsOnTheRealEngine() {
		TenantMigrations migrations = migrations("reg_cli", "cli-a", "cli-b");
		DbCommandLine cli = new DbCommandLine(migrations);

		assertThat(run(cli, "db", "pending", "--tenant", "cli-a").output()).contains("001_invoices");
		Result upgrade = run(cli, "db", "upgrade", "--all-tenants");
		assertThat(upgrade.status()).as(upgrade.output()).isZero();
		assertThat(historyIds("t_cli-b", "databasechangelog_billing")).hasSize(3);

		Result history = run(cli, "db", "history", "--tenant", "cli-a", "--module", "billing");
		assertThat(history.status()).isZero();
		assertThat(history.output()).contains("001_invoices", "V2__invoice_lines", "20240301090000_invoice_total");

		Result downgrade = run(cli, "db", "downgrade", "-1", "--tenant", "cli-a", "--module", "billing");
		assertThat(downgrade.status()).as(downgrade.output()).isZero();
		assertThat(historyIds("t_cli-a", "databasechangelog_billing")).containsExactly("001_invoices",
				"V2__invoice_lines");
		assertThat(functions("t_cli-a")).doesNotContain("invoice_total");

		Result sql = run(cli, "db", "sql", "--tenant", "cli-a");
		assertThat(sql.status()).isZero();
		assertThat(sql.output()).contains("CREATE FUNCTION \"t_cli-a\".invoice_total");
		assertThat(functions("t_cli-a")).as("a dry run executes nothing").doesNotContain("invoice_total");

		Result check = run(cli, "db", "status", "--all-tenants", "--check");
		assertThat(check.status()).as("status --check fails while a unit is pending").isNotZero();
		assertThat(run(cli, "db", "upgrade", "--tenant", "cli-a").status()).isZero();
		assertThat(functions("t_cli-a")).contains("invoice_total");
		Result clean = run(cli, "db", "status", "--all-tenants", "--check");
		assertThat(clean.status()).as(clean.output()).isZero();

		Result unknown = run(cli, "db", "downgrade", "-1", "--tenant", "nobody");
		assertThat(unknown.status()).isNotZero();
		Result usage = run(cli, "db", "downgrade", "-1");
		assertThat(usage.status()).as("a downgrade must name what it covers").isEqualTo(DbCommandLine.USAGE);
	}

	private record Result(int status, String output) {
	}

	private static Result run(DbCommandLine cli, String... args) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			int status = cli.run(args, out);
			return new Result(status, bytes.toString(StandardCharsets.UTF_8));
		}
	}

	private List<String> historyIds(String schema, String table) {
		return this.owner.queryForList(
				"SELECT id FROM \"" + schema + "\"." + table + " ORDER BY orderexecuted, dateexecuted", String.class);
	}

	private List<String> tables(String schema) {
		return this.owner.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY 1", String.class,
				schema);
	}

	private List<String> functions(String schema) {
		return this.owner.queryForList(
				"SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ?",
				String.class, schema);
	}

	/** Tables, columns, indexes, constraints and functions of a schema, as text to compare. */
	private String catalog(String schema) {
		List<String> columns = this.owner.queryForList("""
				SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
				  || ' ' || coalesce(column_default, '')
				FROM information_schema.columns WHERE table_schema = ?
				  AND table_name NOT LIKE 'databasechangelog%' ORDER BY 1""", String.class, schema);
		List<String> indexes = this.owner.queryForList("""
				SELECT indexdef FROM pg_indexes WHERE schemaname = ?
				  AND tablename NOT LIKE 'databasechangelog%' ORDER BY 1""", String.class, schema);
		List<String> constraints = this.owner.queryForList("""
				SELECT c.conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
				JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = ?
				  AND c.conrelid::regclass::text NOT LIKE '%databasechangelog%' ORDER BY 1""", String.class, schema);
		List<String> views = this.owner.queryForList(
				"SELECT viewname || ' ' || definition FROM pg_views WHERE schemaname = ? ORDER BY 1", String.class,
				schema);
		return String.join("\n", columns) + "\n" + String.join("\n", indexes) + "\n" + String.join("\n", constraints)
				+ "\n" + String.join("\n", views) + "\n" + String.join("\n", functions(schema));
	}

}
