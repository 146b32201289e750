package io.dotmac.database.migration.liquibase;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationDowngradeException;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Liquibase operations on several schemas of one database at once (same JDBC URL, so the same
 * keys in Liquibase's JVM-wide caches but for the schema), and two runners on the same unit.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiquibaseUnitConcurrencyTests {

	private static final UnitChangelog CHANGELOG = LiquibaseUnitDowngraderTests.ROUND_TRIP;

	private final ExecutorService executor = Executors.newFixedThreadPool(3);

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.dataSource = database.ownerDataSource();
		this.jdbc = new JdbcTemplate(this.dataSource);
	}

	@AfterAll
	void tearDown() throws InterruptedException {
		this.executor.shutdownNow();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void runnersOnDifferentSchemasDoNotInterfere() {
		List<String> schemas = List.of("t_c1", "t_c2", "t_c3");
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<List<List<String>>>> runs = new ArrayList<>();
		for (String schema : schemas) {
			MigrationUnit unit = unit(schema);
			runs.add(CompletableFuture.supplyAsync(() -> cycles(unit, start), this.executor));
		}
		start.countDown();
		for (CompletableFuture<List<List<String>>> run : runs) {
			// Every cycle saw exactly its own schema's changesets: all up, the last three down,
			// down to the tag, all up again.
			List<String> all = List.of("1-customers", "2-customer-email", "3-customer-email-index", "4-active-customers",
					"5-tag-v1", "6-orders", "7-house-customer");
			List<List<String>> cycle = List.of(all, List.of("7-house-customer", "6-orders"), List.of(),
					List.of("6-orders", "7-house-customer"), List.of("7-house-customer", "6-orders",
					"5-tag-v1", "4-active-customers", "3-customer-email-index", "2-customer-email", "1-customers"));
			List<List<String>> expected = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				expected.addAll(cycle);
			}
			expected.add(all);
			assertThat(run.join()).isEqualTo(expected);
		}
		for (String schema : schemas) {
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + schema + ".databasechangelog", Integer.class))
				.isEqualTo(7);
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + schema + ".customers", Integer.class)).isOne();
		}
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM pg_tables WHERE tablename LIKE 'databasechangeloglock%'", Integer.class)).isZero();
	}

	private List<List<String>> cycles(MigrationUnit unit, CountDownLatch start) {
		LiquibaseUnitUpdater updater = new LiquibaseUnitUpdater();
		LiquibaseUnitDowngrader downgrader = new LiquibaseUnitDowngrader();
		List<List<String>> seen = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection()) {
			start.await();
			for (int cycle = 0; cycle < 4; cycle++) {
				seen.add(ids(updater.update(connection, unit, CHANGELOG)));
				seen.add(ids(downgrader.downgrade(connection, unit, CHANGELOG, DowngradeTarget.count(2))));
				seen.add(ids(downgrader.downgrade(connection, unit, CHANGELOG, DowngradeTarget.tag("v1"))));
				seen.add(ids(updater.update(connection, unit, CHANGELOG)));
				seen.add(ids(downgrader.downgrade(connection, unit, CHANGELOG, DowngradeTarget.count(7))));
			}
			seen.add(ids(updater.update(connection, unit, CHANGELOG)));
			return seen;
		}
		catch (SQLException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aSecondRunnerOnTheSameUnitWaitsForTheFirst() throws Exception {
		MigrationUnit unit = unit("t_waiting");
		try (Connection connection = this.dataSource.getConnection()) {
			new LiquibaseUnitUpdater().update(connection, unit, CHANGELOG);
		}
		try (Connection holder = this.dataSource.getConnection()) {
			holder.setAutoCommit(false);
			UnitLocks.lock(holder, "t_waiting", "app", Duration.ofSeconds(1));
			CompletableFuture<List<ChangeSetRef>> waiting = CompletableFuture.supplyAsync(() -> {
				try (Connection connection = this.dataSource.getConnection()) {
					return new LiquibaseUnitDowngrader().downgrade(connection, unit, CHANGELOG, DowngradeTarget.count(1));
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}, this.executor);
			await().atMost(Duration.ofSeconds(30)).until(() -> this.jdbc.queryForObject(
					"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", Integer.class) == 1);
			assertThat(waiting).isNotDone();
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM t_waiting.databasechangelog", Integer.class))
				.isEqualTo(7);
			holder.commit();
			assertThat(waiting.get(30, TimeUnit.SECONDS)).extracting(ChangeSetRef::id).containsExactly("7-house-customer");
		}
	}

	@Test
	void aRunnerThatWaitsTooLongGivesUpAndChangesNothing() throws Exception {
		MigrationUnit unit = unit("t_timeout");
		try (Connection connection = this.dataSource.getConnection()) {
			new LiquibaseUnitUpdater().update(connection, unit, CHANGELOG);
			try (Connection holder = this.dataSource.getConnection()) {
				holder.setAutoCommit(false);
				UnitLocks.lock(holder, "t_timeout", "app", Duration.ofSeconds(1));
				assertThatExceptionOfType(MigrationDowngradeException.class)
					.isThrownBy(() -> new LiquibaseUnitDowngrader(Duration.ofMillis(50)).downgrade(connection, unit, CHANGELOG,
							DowngradeTarget.count(1)))
					.withMessageContaining("locked by another migration runner");
				holder.rollback();
			}
			assertThat(connection.getAutoCommit()).isTrue();
			// The connection is usable again, and the unit unchanged.
			assertThat(new LiquibaseUnitView().history(connection, unit)).hasSize(7);
		}
	}

	private MigrationUnit unit(String schema) {
		this.jdbc.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
		return new MigrationUnit("app", MigrationTarget.TENANT, schema, TenantId.of(schema.substring(2)));
	}

	private static List<String> ids(List<ChangeSetRef> refs) {
		return refs.stream().map(ChangeSetRef::id).toList();
	}

}
