package io.dotmac.database.migration.liquibase;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.command.core.HistoryCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liquibase's own status and history agree with the history table as we read it, and
 * Liquibase's commands are content with the engine's extra {@code execution_ms} column.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiquibaseUnitViewTests {

	private static final UnitChangelog CHANGELOG = LiquibaseUnitDowngraderTests.ROUND_TRIP;

	private final LiquibaseUnitView view = new LiquibaseUnitView();

	private TestDatabase database;

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
		this.dataSource = database.ownerDataSource();
		this.jdbc = new JdbcTemplate(this.dataSource);
	}

	@Test
	void liquibasesHistoryAndStatusAgreeWithTheHistoryTableWithItsExecutionTimeColumn() throws SQLException {
		MigrationUnit unit = unit("t_view");
		try (Connection connection = this.dataSource.getConnection()) {
			new LiquibaseUnitUpdater().update(connection, unit, CHANGELOG);
			// What the engine's history table looks like: Liquibase's columns plus execution_ms.
			this.jdbc.execute("ALTER TABLE t_view.databasechangelog ADD COLUMN execution_ms bigint");
			this.jdbc.update("UPDATE t_view.databasechangelog SET execution_ms = orderexecuted * 10");

			List<AppliedChangeSet> ours = HistoryRows.read(connection, "t_view", "databasechangelog");
			List<AppliedChangeSet> liquibases = this.view.history(connection, unit);
			assertThat(liquibases).hasSize(7);
			assertThat(liquibases).map(LiquibaseUnitViewTests::withoutExecutionTime)
				.isEqualTo(ours.stream().map(LiquibaseUnitViewTests::withoutExecutionTime).toList());
			assertThat(ours).extracting(AppliedChangeSet::executionTime).doesNotContainNull();
			assertThat(ours).filteredOn((row) -> "v1".equals(row.tag())).extracting((row) -> row.changeSet().id())
				.containsExactly("5-tag-v1");
			assertThat(this.view.unrunChangeSets(connection, unit, CHANGELOG)).isEmpty();
			assertThat(this.view.historyReport(connection, unit)).contains("1-customers", "7-house-customer");

			// Liquibase's rollback and update work on the table with the extra column.
			new LiquibaseUnitDowngrader().downgrade(connection, unit, CHANGELOG, DowngradeTarget.count(2));
			assertThat(this.view.unrunChangeSets(connection, unit, CHANGELOG)).extracting(ChangeSetRef::id)
				.containsExactly("6-orders", "7-house-customer");
			assertThat(this.view.statusReport(connection, unit, CHANGELOG)).contains("2 changesets have not been applied",
					"6-orders", "7-house-customer");
			assertThat(this.view.history(connection, unit)).hasSize(5);
			new LiquibaseUnitUpdater().update(connection, unit, CHANGELOG);
		}
		assertThat(this.jdbc.queryForList("SELECT id FROM t_view.databasechangelog WHERE execution_ms IS NULL ORDER BY 1",
				String.class))
			.containsExactly("6-orders", "7-house-customer");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM t_view.databasechangelog", Integer.class)).isEqualTo(7);
	}

	@Test
	void aSchemaWithoutHistoryHasEverythingUnrunAndLookingCreatesNothing() throws SQLException {
		MigrationUnit unit = unit("t_empty");
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(this.view.history(connection, unit)).isEmpty();
			assertThat(this.view.unrunChangeSets(connection, unit, CHANGELOG)).hasSize(7);
			assertThat(this.view.statusReport(connection, unit, CHANGELOG)).contains("7 changesets have not been applied");
			assertThat(connection.getAutoCommit()).isTrue();
			assertThat(UnitLocks.queryString(connection, "SELECT current_setting('search_path')")).doesNotContain("t_empty");
		}
		assertThat(this.jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = 't_empty'", String.class))
			.isEmpty();
	}

	@Test
	void twoSchemasReadOnOneConnectionKeepTheirOwnHistories() throws SQLException {
		MigrationUnit first = unit("t_first");
		MigrationUnit second = unit("t_second");
		try (Connection connection = this.dataSource.getConnection()) {
			new LiquibaseUnitUpdater().update(connection, first, CHANGELOG);
			new LiquibaseUnitUpdater().update(connection, second, CHANGELOG, "v1");
			// No Liquibase command runs in between, so nothing resets Liquibase's per-connection
			// history service cache: each read must still see its own schema.
			assertThat(this.view.history(connection, first)).hasSize(7);
			assertThat(this.view.history(connection, second)).hasSize(5);
			assertThat(this.view.history(connection, first)).hasSize(7);
		}
	}

	@Test
	void stockLiquibaseReadsAModulesHistoryWithTheTableNameOption() throws Exception {
		MigrationUnit billing = new MigrationUnit("billing", MigrationTarget.TENANT, "t_stock", TenantId.of("stock"));
		this.jdbc.execute("CREATE SCHEMA t_stock");
		try (Connection connection = this.dataSource.getConnection()) {
			new LiquibaseUnitUpdater().update(connection, billing,
					UnitChangelog.of(LiquibaseUnitDowngraderTests.PATH + "billing.xml"));
		}
		this.jdbc.execute("ALTER TABLE t_stock.databasechangelog_billing ADD COLUMN execution_ms bigint");
		// What an operator runs: liquibase --url ... --default-schema-name t_stock
		//   --database-changelog-table-name databasechangelog_billing history
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Scope.child(Map.of(GlobalConfiguration.DATABASECHANGELOG_TABLE_NAME.getKey(), "databasechangelog_billing",
				AnalyticsArgs.ENABLED.getKey(), false), () -> {
					new CommandScope(HistoryCommandStep.COMMAND_NAME)
						.addArgumentValue(DbUrlConnectionArgumentsCommandStep.URL_ARG, this.database.jdbcUrl())
						.addArgumentValue(DbUrlConnectionArgumentsCommandStep.USERNAME_ARG, this.database.ownerUsername())
						.addArgumentValue(DbUrlConnectionArgumentsCommandStep.PASSWORD_ARG, this.database.ownerPassword())
						.addArgumentValue(DbUrlConnectionArgumentsCommandStep.DEFAULT_SCHEMA_NAME_ARG, "t_stock")
						.setOutput(out)
						.execute();
				});
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("1-invoices", "2-invoice-total");
	}

	private MigrationUnit unit(String schema) {
		this.jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
		return new MigrationUnit("app", MigrationTarget.TENANT, schema, TenantId.of(schema.substring(2)));
	}

	private static AppliedChangeSet withoutExecutionTime(AppliedChangeSet row) {
		// Liquibase reads DATEEXECUTED as a java.util.Date: milliseconds.
		return new AppliedChangeSet(row.changeSet(), row.checksum(), row.executedAt().truncatedTo(ChronoUnit.MILLIS), row.orderExecuted(), row.execType(),
				row.tag(), row.description(), (Duration) null);
	}

}
