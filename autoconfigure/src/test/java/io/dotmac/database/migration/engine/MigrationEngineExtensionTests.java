package io.dotmac.database.migration.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationCreationException;
import io.dotmac.database.migration.MigrationDowngradeException;
import io.dotmac.database.migration.MigrationHook;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationPolicyException;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.NewMigration;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Hooks, policies, the delegated operations and non-transactional changesets, on real
 * PostgreSQL.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationEngineExtensionTests {

	private TestDatabase database;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
	}

	@Test
	void hooksRunInTheUnitsTransactionAndAFailingHookRollsTheUnitBack() {
		EngineFixture fixture = new EngineFixture(this.database, "reg_hooks");
		fixture.tenants("hooked", "hook-fails");
		List<MigrationOperation> runs = new CopyOnWriteArrayList<>();
		fixture.hooks.add(new MigrationHook() {
			@Override
			public void afterUnit(MigrationUnit unit, List<ChangeSetRef> applied, Connection connection)
					throws SQLException {
				try (Statement statement = connection.createStatement()) {
					// search_path is on the unit's schema: the unqualified name lands there.
					statement.execute("CREATE TABLE hook_marks (applied int); INSERT INTO hook_marks VALUES ("
							+ applied.size() + ")");
				}
				if (unit.schema().equals("t_hook-fails")) {
					throw new SQLException("hook refuses");
				}
			}

			@Override
			public void afterRun(MigrationOperation operation, MigrationReport report) {
				runs.add(operation);
			}
		});
		MigrationReport report = fixture.migrations(null, "tenant-v1.xml").upgrade(MigrationRequest.allTenants());
		assertThat(runs).containsExactly(MigrationOperation.UPGRADE);
		assertThat(fixture.owner.queryForObject("SELECT applied FROM \"t_hooked\".hook_marks", Integer.class))
			.isEqualTo(4);
		assertThat(report.failures()).singleElement()
			.satisfies((failure) -> assertThat(failure.error().getMessage()).contains("hook refuses"));
		assertThat(fixture.tableExists("t_hook-fails", "hook_marks")).isFalse();
		assertThat(fixture.tableExists("t_hook-fails", "customers")).isFalse();
	}

	@Test
	void policiesAreAskedFirstAndMissingDelegatesSayWhatIsNeeded() {
		EngineFixture fixture = new EngineFixture(this.database, "reg_policy");
		fixture.tenants("policed");
		fixture.policies.add((operation, request) -> {
			if (operation == MigrationOperation.STAMP) {
				throw new MigrationPolicyException("stamp refused here; set dotmac.test.allow-stamp=true");
			}
		});
		DefaultTenantMigrations migrations = fixture.migrations(null, "tenant-v1.xml");
		assertThatExceptionOfType(MigrationPolicyException.class)
			.isThrownBy(() -> migrations.stamp(MigrationRequest.allTenants()));
		assertThat(fixture.tableExists("t_policed", "databasechangelog")).isFalse();
		assertThatExceptionOfType(MigrationDowngradeException.class)
			.isThrownBy(() -> migrations.downgrade(MigrationRequest.allTenants(), DowngradeTarget.count(1)))
			.withMessageContaining("UnitDowngrader");
		assertThatExceptionOfType(MigrationCreationException.class)
			.isThrownBy(() -> migrations.create(new NewMigration("app", MigrationTarget.TENANT, "add notes", false, null)))
			.withMessageContaining("MigrationScaffolder");
	}

	@Test
	void downgradeIsDelegatedPerUnitAndLeavesTheUnitsPending() {
		EngineFixture fixture = new EngineFixture(this.database, "reg_down");
		List<TenantId> tenants = fixture.tenants("down-1", "down-2");
		DefaultTenantMigrations upgrader = fixture.migrations(null, "tenant-v1.xml");
		upgrader.upgrade(MigrationRequest.allTenants()).throwIfFailed();
		List<MigrationUnit> seen = new CopyOnWriteArrayList<>();
		MigrationEngine engine = upgrader.engine();
		DefaultTenantMigrations migrations = new DefaultTenantMigrations(engine, List.of(), List.of(),
				(connection, unit, plan, target) -> {
					seen.add(unit);
					// A stand-in for Liquibase's rollback: forget the last changeset.
					try (Statement statement = connection.createStatement()) {
						statement.execute("DELETE FROM \"" + unit.schema() + "\".databasechangelog WHERE id = '4-count'");
					}
					return List.of(plan.changeSets().get(3).ref());
				}, null);
		MigrationReport report = migrations.downgrade(MigrationRequest.forTenants(tenants.get(0)),
				DowngradeTarget.count(1));
		assertThat(report.hasFailures()).isFalse();
		assertThat(seen).extracting(MigrationUnit::schema).containsExactly("t_down-1");
		assertThat(fixture.state("down-1", "app", "TENANT")).containsEntry("status", "PENDING");
		// The state table now sends the next upgrade to that tenant, and only to it.
		MigrationReport again = migrations.upgrade(MigrationRequest.allTenants());
		assertThat(again.units()).singleElement().satisfies((unit) -> {
			assertThat(unit.unit().schema()).isEqualTo("t_down-1");
			assertThat(unit.changeSets()).extracting(ChangeSetRef::id).containsExactly("4-count");
		});
	}

	@Test
	void aNonTransactionalChangesetRunsInAutoCommitUnderTheSessionLock() {
		EngineFixture fixture = new EngineFixture(this.database, "reg_nontx");
		fixture.tenants("nontx");
		DefaultTenantMigrations migrations = fixture.migrations(null, "nontransactional.xml");
		MigrationReport report = migrations.upgrade(MigrationRequest.allTenants());
		assertThat(report.failures()).isEmpty();
		assertThat(fixture.history("t_nontx", "databasechangelog")).containsExactly("1-customers", "2-customers-email",
				"3-tag", "4-count", "5-concurrent-index", "6-after");
		assertThat(fixture.owner.queryForObject("SELECT indisvalid FROM pg_index WHERE indexrelid ="
				+ " to_regclass('\"t_nontx\".customers_name_idx')", Boolean.class)).isTrue();
		assertThat(fixture.tableExists("t_nontx", "after_concurrent")).isTrue();
		// The session's search_path and lock are given back.
		assertThat(fixture.owner.queryForObject("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'",
				Integer.class)).isZero();
	}

}
