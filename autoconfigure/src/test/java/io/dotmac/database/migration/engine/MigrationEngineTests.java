package io.dotmac.database.migration.engine;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationChecksumException;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationStatus;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.PlannedSql;
import io.dotmac.database.migration.TenantSelection;
import io.dotmac.database.migration.UnitResult;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration engine on real PostgreSQL: fan-out to many tenant schemas, Liquibase's own
 * tools agreeing with the history it writes, checksums, dry runs, failures, the state table
 * and the Liquibase fallback path.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationEngineTests {

	private TestDatabase database;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
	}

	private EngineFixture fixture(String name) {
		return new EngineFixture(this.database, "reg_" + name);
	}

	@Test
	void fanOutBringsEveryTenantSchemaToTheHeadAndASecondRunVisitsNothing() {
		EngineFixture fixture = fixture("fanout");
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			ids.add("fan-" + i);
		}
		fixture.tenants(ids.toArray(String[]::new));
		AtomicInteger visited = new AtomicInteger(-1);
		AtomicInteger changeSets = new AtomicInteger();
		AtomicInteger units = new AtomicInteger();
		List<MigrationReport> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
		fixture.listeners.add(new MigrationListener() {
			@Override
			public void runStarted(MigrationOperation operation, int count) {
				visited.set(count);
			}

			@Override
			public void changeSetApplied(MigrationUnit unit, ChangeSetRef changeSet, java.time.Duration duration) {
				changeSets.incrementAndGet();
			}

			@Override
			public void unitFinished(MigrationOperation operation, UnitResult result) {
				units.incrementAndGet();
			}

			@Override
			public void runFinished(MigrationOperation operation, MigrationReport report) {
				finished.add(report);
			}
		});
		DefaultTenantMigrations migrations = fixture.migrations("shared.xml", "tenant-v1.xml");
		MigrationReport report = migrations.upgrade(MigrationRequest.allTenants().withParallelism(4));
		assertThat(report.hasFailures()).isFalse();
		assertThat(report.units()).hasSize(13);
		assertThat(visited).hasValue(13);
		assertThat(changeSets).hasValue(12 * 4 + 1);
		assertThat(units).hasValue(13);
		assertThat(finished).containsExactly(report);
		assertThat(fixture.tableExists("public", "service_plans")).isTrue();
		for (String id : ids) {
			assertThat(fixture.history("t_" + id, "databasechangelog")).containsExactly("1-customers",
					"2-customers-email", "3-tag", "4-count");
			assertThat(fixture.applications("t_" + id, "4-count")).isOne();
		}
		MigrationReport again = migrations.upgrade(MigrationRequest.allTenants());
		assertThat(again.units()).isEmpty();
		assertThat(visited).hasValue(0);
		assertThat(migrations.status(MigrationRequest.allTenants())).hasSize(13)
			.allSatisfy((status) -> assertThat(status.state()).isEqualTo(MigrationState.UP_TO_DATE));
	}

	@Test
	void liquibaseReadsTheHistoryWeWriteAndFindsNothingToDo() throws Exception {
		EngineFixture fixture = fixture("agree");
		TenantId tenant = fixture.tenants("agree-1").get(0);
		DefaultTenantMigrations migrations = fixture.migrations(List.of(new io.dotmac.database.migration.MigrationModule(
				"app", 0, null, EngineFixture.BASE + "tenant-v2.xml")), "prod", true);
		assertThat(migrations.upgrade(MigrationRequest.forTenants(tenant)).hasFailures()).isFalse();
		List<AppliedChangeSet> ours = migrations.history(tenant, "app");
		assertThat(ours).extracting((applied) -> applied.changeSet().id())
			.containsExactly("1-customers", "2-customers-email", "3-tag", "4-count", "5-notes", "6-legacy", "7-plans");
		assertThat(ours).extracting(AppliedChangeSet::execType)
			.containsExactly("EXECUTED", "EXECUTED", "EXECUTED", "EXECUTED", "EXECUTED", "MARK_RAN", "EXECUTED");
		assertThat(ours.get(2).tag()).isEqualTo("v1");
		assertThat(ours).allSatisfy((applied) -> assertThat(applied.executionTime()).isNotNull());
		try (Connection connection = this.database.ownerDataSource().getConnection()) {
			Liquibase liquibase = liquibase(connection, "t_agree-1", "tenant-v2.xml");
			List<ChangeSet> unrun = liquibase.listUnrunChangeSets(new Contexts("prod"), new LabelExpression());
			assertThat(unrun).isEmpty();
			List<RanChangeSet> ran = liquibase.getDatabase().getRanChangeSetList();
			assertThat(ran).hasSize(ours.size());
			for (int i = 0; i < ran.size(); i++) {
				RanChangeSet theirs = ran.get(i);
				AppliedChangeSet mine = ours.get(i);
				assertThat(theirs.getId()).isEqualTo(mine.changeSet().id());
				assertThat(theirs.getAuthor()).isEqualTo(mine.changeSet().author());
				assertThat(theirs.getChangeLog()).isEqualTo(mine.changeSet().filePath());
				assertThat(theirs.getLastCheckSum().toString()).isEqualTo(mine.checksum());
				assertThat(theirs.getOrderExecuted()).isEqualTo(mine.orderExecuted());
				assertThat(theirs.getExecType().value).isEqualTo(mine.execType());
				assertThat(theirs.getTag()).isEqualTo(mine.tag());
			}
			// Liquibase's own update validates our checksums and finds nothing to run.
			liquibase.update(new Contexts("prod"), new LabelExpression());
		}
		assertThat(fixture.history("t_agree-1", "databasechangelog")).hasSize(7);
		assertThat(fixture.applications("t_agree-1", "4-count")).isOne();
	}

	@Test
	void twoModulesWithClashingFilesAndIdsKeepSeparateHistoriesThatLiquibaseReads() throws Exception {
		EngineFixture fixture = fixture("modules");
		TenantId tenant = fixture.tenants("mod-1").get(0);
		DefaultTenantMigrations migrations = fixture.migrations(List.of(
				new io.dotmac.database.migration.MigrationModule("app", 0, null, EngineFixture.BASE + "tenant-v1.xml"),
				new io.dotmac.database.migration.MigrationModule("billing", 10, null,
						EngineFixture.BASE + "billing-clash.xml")),
				"prod", true);
		MigrationReport report = migrations.upgrade(MigrationRequest.forTenants(tenant));
		assertThat(report.units()).extracting((unit) -> unit.unit().module()).containsExactly("app", "billing");
		assertThat(fixture.history("t_mod-1", "databasechangelog")).hasSize(4);
		assertThat(fixture.history("t_mod-1", "databasechangelog_billing")).containsExactly("1-customers");
		assertThat(fixture.tableExists("t_mod-1", "billing_accounts")).isTrue();
		assertThat(migrations.history(tenant, "billing")).singleElement()
			.satisfies((applied) -> assertThat(applied.changeSet().filePath()).isEqualTo("engine/tenant.xml"));
		try (Connection connection = this.database.ownerDataSource().getConnection()) {
			Liquibase liquibase = liquibase(connection, "t_mod-1", "billing-clash.xml");
			liquibase.getDatabase().setDatabaseChangeLogTableName("databasechangelog_billing");
			assertThat(liquibase.listUnrunChangeSets(new Contexts("prod"), new LabelExpression())).isEmpty();
		}
	}

	@Test
	void weCarryOnFromAHistoryLiquibaseWrote() throws Exception {
		EngineFixture fixture = fixture("carry");
		TenantId tenant = fixture.tenants("carry-1").get(0);
		try (Connection connection = this.database.ownerDataSource().getConnection()) {
			liquibase(connection, "t_carry-1", "tenant-v1.xml").update(new Contexts("prod"), new LabelExpression());
		}
		DefaultTenantMigrations migrations = fixture.migrations(List.of(new io.dotmac.database.migration.MigrationModule(
				"app", 0, null, EngineFixture.BASE + "tenant-v2.xml")), "prod", true);
		assertThat(migrations.pending(MigrationRequest.forTenants(tenant)).values()).singleElement()
			.satisfies((pending) -> assertThat(pending).extracting(ChangeSetRef::id)
				.containsExactly("5-notes", "6-legacy", "7-plans"));
		MigrationReport report = migrations.upgrade(MigrationRequest.forTenants(tenant));
		assertThat(report.units()).singleElement()
			.satisfies((unit) -> assertThat(unit.changeSets()).extracting(ChangeSetRef::id)
				.containsExactly("5-notes", "6-legacy", "7-plans"));
		assertThat(fixture.applications("t_carry-1", "4-count")).isOne();
		assertThat(migrations.history(tenant, "app")).extracting(AppliedChangeSet::executionTime)
			.filteredOn((time) -> time == null)
			.hasSize(4);
	}

	@Test
	void aChangedChangesetIsRefusedAndNothingOfTheUnitIsApplied() {
		EngineFixture fixture = fixture("checksum");
		TenantId tenant = fixture.tenants("checksum-1").get(0);
		fixture.migrations(null, "tenant-v1.xml").upgrade(MigrationRequest.forTenants(tenant)).throwIfFailed();
		fixture.owner.update("DELETE FROM public.applications WHERE schema_name = 't_checksum-1'");
		MigrationReport report = fixture.migrations(null, "tenant-v1-edited.xml")
			.upgrade(MigrationRequest.forTenants(tenant).withDeepVerify());
		assertThat(report.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.error()).isInstanceOf(MigrationChecksumException.class);
			assertThat(failure.error().getMessage()).contains("engine/tenant.xml", "2-customers-email", "t_checksum-1",
					"validCheckSum", "new changeset");
			assertThat(failure.error().getChangeSet()).isEqualTo("engine/tenant.xml::2-customers-email::test");
		});
		assertThat(fixture.history("t_checksum-1", "databasechangelog")).hasSize(4);
		assertThat(fixture.state("checksum-1", "app", "TENANT")).containsEntry("status", "FAILED");
	}

	@Test
	void aDryRunShowsUnqualifiedSqlPerSchemaAndChangesNothing() {
		EngineFixture fixture = fixture("dry");
		TenantId tenant = fixture.tenants("dry-1").get(0);
		DefaultTenantMigrations migrations = fixture.migrations(null, "tenant-v2.xml");
		List<PlannedSql> planned = migrations.sql(MigrationRequest.forTenants(tenant));
		assertThat(planned).extracting((sql) -> sql.changeSet().id())
			.containsExactly("1-customers", "2-customers-email", "3-tag", "4-count", "5-notes", "6-legacy", "7-plans");
		assertThat(planned).allSatisfy((sql) -> assertThat(sql.unit().schema()).isEqualTo("t_dry-1"));
		assertThat(planned.get(0).sql()).contains("CREATE TABLE customers").doesNotContain("public.", "t_dry-1");
		assertThat(planned.get(1).sql()).contains("CREATE INDEX customers_email_idx ON customers(email)");
		assertThat(planned.get(4).sql()).startsWith("-- run by Liquibase");
		assertThat(fixture.tableExists("t_dry-1", "databasechangelog")).isFalse();
		assertThat(fixture.tableExists("t_dry-1", "customers")).isFalse();
		assertThat(fixture.applications("t_dry-1", "4-count")).isZero();
	}

	@Test
	void aFailingTenantIsRecordedAndDoesNotStopTheOthers() {
		EngineFixture fixture = fixture("failing");
		fixture.tenants("ok-1", "broken", "ok-2");
		DefaultTenantMigrations migrations = fixture.migrations(null, "fails-in-broken.xml");
		MigrationReport report = migrations.upgrade(MigrationRequest.allTenants());
		assertThat(report.units()).hasSize(3);
		assertThat(report.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.unit().tenant()).isEqualTo(TenantId.of("broken"));
			assertThat(failure.error().getMessage()).contains("this tenant is broken", "5-broken", "t_broken");
		});
		assertThat(fixture.history("t_ok-1", "databasechangelog")).hasSize(5);
		assertThat(fixture.history("t_ok-2", "databasechangelog")).hasSize(5);
		// One transaction: nothing of the broken tenant's unit was kept.
		assertThat(fixture.tableExists("t_broken", "customers")).isFalse();
		assertThat(fixture.tableExists("t_broken", "databasechangelog")).isFalse();
		assertThat(fixture.state("broken", "app", "TENANT")).containsEntry("status", "FAILED")
			.hasEntrySatisfying("last_error", (error) -> assertThat((String) error).contains("this tenant is broken"));
		assertThat(migrations.status(MigrationRequest.forTenants(TenantId.of("broken"))))
			.singleElement()
			.satisfies((status) -> assertThat(status.state()).isEqualTo(MigrationState.FAILED));
		// The failed tenant is visited again by the next run, and only it.
		MigrationReport again = migrations.upgrade(MigrationRequest.allTenants());
		assertThat(again.units()).extracting((unit) -> unit.unit().tenant()).containsExactly(TenantId.of("broken"));
	}

	@Test
	void theStateTableDecidesWithoutVisitingSchemasUnlessDeepVerifyIsAsked() {
		EngineFixture fixture = fixture("state");
		fixture.tenants("kept", "dropped");
		DefaultTenantMigrations migrations = fixture.migrations(null, "tenant-v1.xml");
		migrations.upgrade(MigrationRequest.allTenants()).throwIfFailed();
		// Recorded up to date, then dropped behind the engine's back: trusted without deep verify.
		fixture.owner.execute("DROP SCHEMA \"t_dropped\" CASCADE");
		fixture.tenants("added");
		MigrationReport report = migrations.upgrade(MigrationRequest.allTenants());
		assertThat(report.hasFailures()).isFalse();
		assertThat(report.units()).extracting((unit) -> unit.unit().tenant()).containsExactly(TenantId.of("added"));
		MigrationReport deep = migrations.upgrade(MigrationRequest.allTenants().withDeepVerify());
		assertThat(deep.units()).hasSize(3);
		assertThat(deep.failures()).singleElement()
			.satisfies((failure) -> assertThat(failure.error().getMessage()).contains("t_dropped", "does not exist"));
		List<MigrationStatus> statuses = migrations.status(MigrationRequest.allTenants().withDeepVerify());
		assertThat(statuses).filteredOn((status) -> status.unit().tenant().equals(TenantId.of("kept")))
			.singleElement()
			.satisfies((status) -> {
				assertThat(status.state()).isEqualTo(MigrationState.UP_TO_DATE);
				assertThat(status.pending()).isZero();
				assertThat(status.current()).isEqualTo(new ChangeSetRef("4-count", "test", "engine/tenant.xml"));
			});
	}

	@Test
	void aNewChangesetWithPreconditionsRunsThroughLiquibaseInTheUnitsTransaction() {
		EngineFixture fixture = fixture("fallback");
		TenantId tenant = fixture.tenants("fallback-1").get(0);
		fixture.migrations(null, "tenant-v1.xml").upgrade(MigrationRequest.forTenants(tenant)).throwIfFailed();
		fixture.owner.execute("CREATE TABLE \"t_fallback-1\".notes (id bigint)");
		MigrationReport report = fixture.migrations(null, "tenant-v2.xml").upgrade(MigrationRequest.allTenants());
		assertThat(report.units()).singleElement().satisfies((unit) -> {
			assertThat(unit.outcome()).isEqualTo(UnitResult.Outcome.CHANGED);
			assertThat(unit.changeSets()).extracting(ChangeSetRef::id).containsExactly("5-notes", "6-legacy", "7-plans");
		});
		// notes existed: the precondition marked 5 ran; the context filter left 8 out.
		assertThat(fixture.owner.queryForList("SELECT exectype FROM \"t_fallback-1\".databasechangelog"
				+ " ORDER BY orderexecuted", String.class)).containsExactly("EXECUTED", "EXECUTED", "EXECUTED",
						"EXECUTED", "MARK_RAN", "MARK_RAN", "EXECUTED");
		assertThat(fixture.tableExists("t_fallback-1", "plans")).isTrue();
		assertThat(fixture.tableExists("t_fallback-1", "never_created")).isFalse();
	}

	@Test
	void stampRecordsWithoutRunningAndATargetStopsAtItsTag() {
		EngineFixture fixture = fixture("stamp");
		List<TenantId> tenants = fixture.tenants("stamped", "targeted");
		DefaultTenantMigrations migrations = fixture.migrations(null, "tenant-v1.xml");
		MigrationReport stamped = migrations.stamp(MigrationRequest.forTenants(tenants.get(0)));
		assertThat(stamped.changeSetCount()).isEqualTo(4);
		assertThat(fixture.history("t_stamped", "databasechangelog")).hasSize(4);
		assertThat(fixture.tableExists("t_stamped", "customers")).isFalse();
		MigrationReport toTag = migrations.upgrade(MigrationRequest.forTenants(tenants.get(1)).withTarget("v1"));
		assertThat(toTag.units()).singleElement().satisfies((unit) -> assertThat(unit.changeSets())
			.extracting(ChangeSetRef::id)
			.containsExactly("1-customers", "2-customers-email", "3-tag"));
		assertThat(fixture.state("targeted", "app", "TENANT")).containsEntry("status", "PENDING")
			.containsEntry("pending_count", 1);
		assertThat(migrations.upgrade(MigrationRequest.allTenants()).units()).singleElement()
			.satisfies((unit) -> assertThat(unit.changeSets()).extracting(ChangeSetRef::id).containsExactly("4-count"));
	}

	@Test
	void aSchemaTemplatedChangeIsRenderedOnceAndExpandedPerSchemaWithOneChecksum() {
		EngineFixture fixture = fixture("templated");
		fixture.tenants("tpl-1", "tpl-2");
		DefaultTenantMigrations migrations = fixture.migrations(null, "templated.yaml");
		PlannedChangeSet planned = migrations.engine()
			.planner()
			.plan(migrations.engine().module("app"), io.dotmac.database.migration.MigrationTarget.TENANT)
			.changeSets()
			.get(0);
		assertThat(planned.fastPath()).isTrue();
		assertThat(planned.templated()).isTrue();
		assertThat(planned.statementsFor("t_tpl-1")).singleElement()
			.asString()
			.contains("CREATE TABLE \"t_tpl-1\".\"templated\"");
		migrations.upgrade(MigrationRequest.allTenants()).throwIfFailed();
		for (String schema : List.of("t_tpl-1", "t_tpl-2")) {
			assertThat(fixture.tableExists(schema, "templated")).isTrue();
		}
		assertThat(fixture.owner.queryForList("SELECT DISTINCT md5sum FROM \"t_tpl-1\".databasechangelog UNION"
				+ " SELECT md5sum FROM \"t_tpl-2\".databasechangelog", String.class)).singleElement()
			.isEqualTo(planned.checksum());
	}

	@Test
	void rowLevelSecurityModeRunsTheTenantPartOnceInTheSharedSchema() {
		EngineFixture fixture = fixture("rls");
		fixture.tenants("rls-1", "rls-2");
		fixture.owner.execute("CREATE SCHEMA rls_shared");
		DefaultTenantMigrations migrations = new DefaultTenantMigrations(
				rlsEngine(fixture), List.of(), List.of(), null, null);
		MigrationReport report = migrations.upgrade(MigrationRequest.allTenants());
		assertThat(report.units()).extracting(UnitResult::unit)
			.containsExactly(new MigrationUnit("app", io.dotmac.database.migration.MigrationTarget.SHARED, "rls_shared",
					null), new MigrationUnit("app", io.dotmac.database.migration.MigrationTarget.TENANT, "rls_shared", null));
		assertThat(fixture.tableExists("rls_shared", "customers")).isTrue();
		assertThat(fixture.tableExists("t_rls-1", "customers")).isFalse();
		assertThat(migrations.upgrade(MigrationRequest.allTenants()).units()).isEmpty();
		assertThat(migrations.upgrade(MigrationRequest.forTenants(TenantId.of("rls-1"))).units()).isEmpty();
	}

	private static MigrationEngine rlsEngine(EngineFixture fixture) {
		MigrationEngine schemaEngine = fixture.migrations(null, "tenant-v1.xml").engine();
		return new MigrationEngine(schemaEngine.dataSource(), schemaEngine.planner(), schemaEngine.state(),
				schemaEngine.runner(),
				new EngineSettings(null, "rls_shared", 2, java.time.Duration.ofSeconds(10)),
				List.of(new io.dotmac.database.migration.MigrationModule("app", 0, EngineFixture.BASE + "shared.xml",
						EngineFixture.BASE + "tenant-v1.xml")),
				List.of());
	}

	private Liquibase liquibase(Connection connection, String schema, String changelog) throws Exception {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET search_path = \"" + schema + "\"");
		}
		Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
		database.setDefaultSchemaName(schema);
		database.setLiquibaseSchemaName(schema);
		return new Liquibase(EngineFixture.BASE + changelog,
				new liquibase.resource.ClassLoaderResourceAccessor(getClass().getClassLoader()), database);
	}


}
