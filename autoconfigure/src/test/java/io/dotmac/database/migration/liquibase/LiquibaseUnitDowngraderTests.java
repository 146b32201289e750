package io.dotmac.database.migration.liquibase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

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
import io.dotmac.database.migration.MigrationDowngradeException;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.schema.TenantSchemaMigrator;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Downgrades on real PostgreSQL through Liquibase's rollback commands: by count and to a tag,
 * then back up again (every kind of sample changeset round-trips), refusals that change
 * nothing, atomicity of a failing rollback, module history tables, no
 * {@code DATABASECHANGELOGLOCK}, and a transaction owned by the caller.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiquibaseUnitDowngraderTests {

	static final String PATH = "io/dotmac/database/migration/liquibase/";

	static final UnitChangelog ROUND_TRIP = UnitChangelog.of("classpath:" + PATH + "round-trip.xml");

	private final LiquibaseUnitDowngrader downgrader = new LiquibaseUnitDowngrader();

	private final LiquibaseUnitUpdater updater = new LiquibaseUnitUpdater();

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.dataSource = database.ownerDataSource();
		this.jdbc = new JdbcTemplate(this.dataSource);
	}

	@Test
	void downgradesByCountAndToATagThenUpgradesBackToTheSameSchema() throws SQLException {
		MigrationUnit unit = unit("app", "t_round");
		MigrationUnit other = unit("app", "t_round_other");
		try (Connection connection = this.dataSource.getConnection()) {
			// One connection for both schemas: Liquibase's per-connection caches must not mix them up.
			assertThat(this.updater.update(connection, unit, ROUND_TRIP)).extracting(ChangeSetRef::id)
				.containsExactly("1-customers", "2-customer-email", "3-customer-email-index", "4-active-customers",
						"5-tag-v1", "6-orders", "7-house-customer");
			this.updater.update(connection, other, ROUND_TRIP);
			Map<String, Object> headShape = shape("t_round");
			// Nothing pending: Liquibase's fast check now remembers this schema as up to date.
			assertThat(this.updater.update(connection, unit, ROUND_TRIP)).isEmpty();

			assertThat(this.downgrader.downgrade(connection, unit, ROUND_TRIP, DowngradeTarget.count(1)))
				.extracting(ChangeSetRef::id)
				.containsExactly("7-house-customer");
			assertThat(count("SELECT count(*) FROM t_round.customers")).isZero();
			assertThat(this.downgrader.downgrade(connection, unit, ROUND_TRIP, DowngradeTarget.tag("v1")))
				.extracting(ChangeSetRef::id)
				.containsExactly("6-orders");
			assertThat(tables("t_round")).doesNotContain("orders");
			assertThat(this.downgrader.downgrade(connection, unit, ROUND_TRIP, DowngradeTarget.tag("v1"))).isEmpty();
			assertThat(this.downgrader.downgrade(connection, unit, ROUND_TRIP, DowngradeTarget.count(3)))
				.extracting(ChangeSetRef::id)
				.containsExactly("5-tag-v1", "4-active-customers", "3-customer-email-index");
			assertThat(historyIds("t_round", "databasechangelog")).containsExactly("1-customers", "2-customer-email");
			assertThat(views("t_round")).isEmpty();
			assertThat(indexes("t_round")).containsExactly("customers_pkey");
			assertThat(this.downgrader.downgrade(connection, unit, ROUND_TRIP, DowngradeTarget.count(2)))
				.extracting(ChangeSetRef::id)
				.containsExactly("2-customer-email", "1-customers");
			assertThat(tables("t_round")).containsExactly("databasechangelog");

			// Back up: everything is applied again, although the fast check had said "up to date".
			assertThat(this.updater.update(connection, unit, ROUND_TRIP)).hasSize(7);
			assertThat(shape("t_round")).isEqualTo(headShape).isEqualTo(shape("t_round_other"));
			assertThat(count("SELECT count(*) FROM t_round.customers")).isOne();
		}
		// The other schema, migrated on the same connection, was never touched.
		assertThat(historyIds("t_round_other", "databasechangelog")).hasSize(7);
		assertNoLockTable();
	}

	@Test
	void aChangesetWithoutRollbackIsRefusedAndNothingChanges() throws SQLException {
		UnitChangelog changelog = UnitChangelog.of(PATH + "no-rollback.xml");
		MigrationUnit unit = unit("app", "t_norollback");
		try (Connection connection = this.dataSource.getConnection()) {
			this.updater.update(connection, unit, changelog);
			Map<String, Object> before = shape("t_norollback");
			List<String> history = historyIds("t_norollback", "databasechangelog");
			for (int count : new int[] { 1, 2 }) {
				assertThatExceptionOfType(MigrationDowngradeException.class)
					.isThrownBy(() -> this.downgrader.downgrade(connection, unit, changelog, DowngradeTarget.count(count)))
					.satisfies((ex) -> {
						assertThat(ex.getChangeSet()).isEqualTo(PATH + "no-rollback.xml::8-backfill::ops");
						assertThat(ex.getTenant()).isEqualTo(TenantId.of("norollback"));
						assertThat(ex.getModule()).isEqualTo("app");
						assertThat(ex.getMessage()).contains("t_norollback", "8-backfill", "<rollback>", "Nothing was changed");
					});
			}
			assertThat(shape("t_norollback")).isEqualTo(before);
			assertThat(historyIds("t_norollback", "databasechangelog")).isEqualTo(history);
			assertThat(connection.getAutoCommit()).isTrue();
		}
	}

	@Test
	void aRollbackThatFailsHalfWayLeavesTheUnitAsItWas() throws SQLException {
		UnitChangelog changelog = UnitChangelog.of(PATH + "failing-rollback.xml");
		MigrationUnit unit = unit("app", "t_failing");
		try (Connection connection = this.dataSource.getConnection()) {
			this.updater.update(connection, unit, changelog);
			Map<String, Object> before = shape("t_failing");
			// 9-audit rolls back first (drop table audit), then 8's rollback fails.
			assertThatExceptionOfType(MigrationDowngradeException.class)
				.isThrownBy(() -> this.downgrader.downgrade(connection, unit, changelog, DowngradeTarget.count(2)))
				.withMessageContaining("t_failing")
				.withMessageContaining("no_such_table");
			assertThat(shape("t_failing")).isEqualTo(before);
			assertThat(tables("t_failing")).contains("audit", "notes");
			assertThat(historyIds("t_failing", "databasechangelog")).hasSize(9);
		}
	}

	@Test
	void anUnknownTagOrTooLargeACountIsRefused() throws SQLException {
		MigrationUnit unit = unit("app", "t_refused");
		try (Connection connection = this.dataSource.getConnection()) {
			this.updater.update(connection, unit, ROUND_TRIP);
			assertThatExceptionOfType(MigrationNotFoundException.class)
				.isThrownBy(() -> this.downgrader.downgrade(connection, unit, ROUND_TRIP, DowngradeTarget.tag("v9")))
				.withMessageContaining("'v9'")
				.withMessageContaining("t_refused");
			assertThatExceptionOfType(MigrationDowngradeException.class)
				.isThrownBy(() -> this.downgrader.downgrade(connection, unit, ROUND_TRIP, DowngradeTarget.count(8)))
				.withMessageContaining("only 7 are applied");
		}
		assertThat(historyIds("t_refused", "databasechangelog")).hasSize(7);
	}

	@Test
	void aModuleKeepsItsHistoryInItsOwnTable() throws SQLException {
		MigrationUnit billing = unit("billing", "t_modules");
		MigrationUnit app = unit("app", "t_modules");
		UnitChangelog billingChangelog = UnitChangelog.of(PATH + "billing.xml");
		try (Connection connection = this.dataSource.getConnection()) {
			this.updater.update(connection, app, ROUND_TRIP);
			this.updater.update(connection, billing, billingChangelog);
			assertThat(historyIds("t_modules", "databasechangelog_billing")).containsExactly("1-invoices", "2-invoice-total");
			assertThat(this.downgrader.downgrade(connection, billing, billingChangelog, DowngradeTarget.count(1)))
				.extracting(ChangeSetRef::id)
				.containsExactly("2-invoice-total");
		}
		assertThat(historyIds("t_modules", "databasechangelog_billing")).containsExactly("1-invoices");
		assertThat(historyIds("t_modules", "databasechangelog")).hasSize(7);
		assertNoLockTable();
	}

	@Test
	void aDowngradeJoinsTheCallersTransaction() throws SQLException {
		MigrationUnit unit = unit("app", "t_joined");
		try (Connection connection = this.dataSource.getConnection()) {
			this.updater.update(connection, unit, ROUND_TRIP);
			connection.setAutoCommit(false);
			assertThat(this.downgrader.downgrade(connection, unit, ROUND_TRIP, DowngradeTarget.count(2))).hasSize(2);
			// Not committed: the caller decides. The lock is held until it does.
			assertThat(UnitLocks.isHeld(connection, "t_joined", "app")).isTrue();
			assertThat(historyIds("t_joined", "databasechangelog")).hasSize(7);
			connection.rollback();
			assertThat(UnitLocks.isHeld(connection, "t_joined", "app")).isFalse();
			connection.setAutoCommit(true);
		}
		assertThat(historyIds("t_joined", "databasechangelog")).hasSize(7);
		assertThat(tables("t_joined")).contains("orders");
	}

	@Test
	void theApplicationsOwnLiquibaseKeepsItsStandardLockService() throws SQLException {
		this.jdbc.execute("CREATE SCHEMA t_plain");
		try (Connection connection = this.dataSource.getConnection()) {
			new TenantSchemaMigrator(PATH + "round-trip.xml").migrate(connection, "t_plain");
		}
		assertThat(tables("t_plain")).contains("databasechangeloglock");
		assertNoLockTable();
	}

	MigrationUnit unit(String module, String schema) {
		this.jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
		return new MigrationUnit(module, MigrationTarget.TENANT, schema, TenantId.of(schema.substring(2).replace('_', '-')));
	}

	void assertNoLockTable() {
		assertThat(this.jdbc.queryForList("SELECT schemaname FROM pg_tables WHERE tablename LIKE 'databasechangeloglock%'"
				+ " AND schemaname <> 't_plain'", String.class)).isEmpty();
	}

	List<String> historyIds(String schema, String table) {
		return this.jdbc.queryForList("SELECT id FROM " + schema + "." + table + " ORDER BY dateexecuted, orderexecuted",
				String.class);
	}

	int count(String sql) {
		return this.jdbc.queryForObject(sql, Integer.class);
	}

	List<String> tables(String schema) {
		return this.jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY 1", String.class,
				schema);
	}

	List<String> views(String schema) {
		return this.jdbc.queryForList("SELECT viewname FROM pg_views WHERE schemaname = ? ORDER BY 1", String.class, schema);
	}

	List<String> indexes(String schema) {
		return this.jdbc.queryForList(
				"SELECT indexname FROM pg_indexes WHERE schemaname = ? AND tablename NOT LIKE 'databasechangelog%' ORDER BY 1",
				String.class, schema);
	}

	/**
	 * Tables with their columns, indexes, views and the customers' rows: what a round trip must
	 * restore.
	 */
	Map<String, Object> shape(String schema) {
		return Map.of("columns", this.jdbc.queryForList("SELECT table_name, column_name, data_type, is_nullable FROM"
				+ " information_schema.columns WHERE table_schema = ? AND table_name NOT LIKE 'databasechangelog%'"
				+ " ORDER BY 1, 2", schema).toString(),
				"indexes", this.jdbc.queryForList("SELECT indexname, regexp_replace(indexdef, ' ON \\S+\\.', ' ON ') FROM pg_indexes"
						+ " WHERE schemaname = ? AND tablename NOT LIKE 'databasechangelog%' ORDER BY 1", schema).toString(),
				"views", views(schema).toString(),
				"history", this.jdbc.queryForList("SELECT id, author, filename, md5sum, tag FROM " + schema
						+ ".databasechangelog ORDER BY dateexecuted, orderexecuted").toString(),
				"rows", tables(schema).contains("customers")
						? this.jdbc.queryForList("SELECT * FROM " + schema + ".customers ORDER BY id").toString() : "");
	}

	static List<String> ids(List<AppliedChangeSet> rows) {
		return rows.stream().map((row) -> row.changeSet().id()).toList();
	}

}
