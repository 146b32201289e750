package io.dotmac.database.migration.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationDowngradeException;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.NewMigration;
import io.dotmac.database.migration.TenantSelection;
import io.dotmac.database.migration.UnitResult;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code db} command line's parsing, dispatch to {@code TenantMigrations}, output and exit
 * status, against a recording test double of the API.
 */
class DbCommandLineTests {

	private final RecordingTenantMigrations migrations = new RecordingTenantMigrations();

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	private int run(String... args) {
		try (PrintStream out = new PrintStream(this.output, true, StandardCharsets.UTF_8)) {
			return new DbCommandLine(this.migrations).run(args, out);
		}
	}

	private String output() {
		return this.output.toString(StandardCharsets.UTF_8);
	}

	private MigrationRequest request(String method) {
		return (MigrationRequest) this.migrations.only(method).args().get(0);
	}

	// --- upgrade ---

	@Test
	void upgradeWithoutSelectionCoversEverything() {
		assertThat(run("db", "upgrade")).isEqualTo(DbCommandLine.OK);
		assertThat(request("upgrade")).isEqualTo(MigrationRequest.allTenants());
		assertThat(output()).contains("tenant acme app/tenant (schema t_acme): 2 changesets", "db/tenant.xml::2-orders::ops",
				"Upgrade: 1 units, 1 changed (2 changesets), 0 up to date, 0 failed");
	}

	@Test
	void upgradeNamesTenantsModulesTargetAndParallelism() {
		assertThat(run("db", "upgrade", "--tenant", "acme", "-t", "beta,gamma", "--module", "audit", "--to", "v2",
				"--parallelism", "8", "--deep-verify"))
			.isEqualTo(DbCommandLine.OK);
		MigrationRequest request = request("upgrade");
		assertThat(request.tenants()).isEqualTo(TenantSelection.of(TenantId.of("acme"), TenantId.of("beta"), TenantId.of("gamma")));
		assertThat(request.includeShared()).isFalse();
		assertThat(request.modules()).containsExactly("audit");
		assertThat(request.target()).isEqualTo("v2");
		assertThat(request.parallelism()).isEqualTo(8);
		assertThat(request.deepVerify()).isTrue();
	}

	@Test
	void upgradeTakesOptionValuesAfterAnEqualsSignAndCanIncludeTheSharedParts() {
		assertThat(run("db", "upgrade", "--tenant=acme", "--include-shared", "--module=app,audit")).isZero();
		MigrationRequest request = request("upgrade");
		assertThat(request.tenants().tenants()).containsExactly(TenantId.of("acme"));
		assertThat(request.includeShared()).isTrue();
		assertThat(request.modules()).containsExactly("app", "audit");
	}

	@Test
	void upgradeOfTheSharedPartsOnly() {
		assertThat(run("db", "upgrade", "--shared-only")).isZero();
		assertThat(request("upgrade")).isEqualTo(MigrationRequest.sharedOnly());
	}

	@Test
	void aFailedUnitMakesTheExitStatusOneAndIsReported() {
		MigrationUnit beta = new MigrationUnit("app", MigrationTarget.TENANT, "t_beta", TenantId.of("beta"));
		this.migrations.reports = (operation) -> new MigrationReport(List.of(
				new UnitResult(RecordingTenantMigrations.ACME, UnitResult.Outcome.UP_TO_DATE, List.of(), Duration.ZERO, null),
				new UnitResult(beta, UnitResult.Outcome.FAILED, List.of(), Duration.ofMillis(3),
						new MigrationDowngradeException("changeset 7 has no rollback", null, TenantId.of("beta"), "app", "7"))),
				Duration.ofMillis(5));
		assertThat(run("db", "upgrade", "--all-tenants")).isEqualTo(DbCommandLine.FAILURE);
		assertThat(output()).contains("FAILED tenant beta app/tenant (schema t_beta): changeset 7 has no rollback",
				"Upgrade: 2 units, 0 changed (0 changesets), 1 up to date, 1 failed");
	}

	@Test
	void anErrorOfTheApiMakesTheExitStatusOne() {
		this.migrations.failure = new MigrationDowngradeException("schema t_acme is locked", null, null, "app", null);
		assertThat(run("db", "downgrade", "-1", "--tenant", "acme")).isEqualTo(DbCommandLine.FAILURE);
		assertThat(output()).contains("error: schema t_acme is locked");
	}

	// --- downgrade ---

	@Test
	void downgradeByARelativeCountForOneTenant() {
		assertThat(run("db", "downgrade", "-1", "--tenant", "acme")).isZero();
		RecordingTenantMigrations.Call call = this.migrations.only("downgrade");
		assertThat(call.args()).containsExactly(MigrationRequest.forTenants(TenantId.of("acme")), DowngradeTarget.count(1));
		assertThat(output()).contains("Downgrade: 1 units, 1 changed (2 changesets)");
	}

	@Test
	void downgradeByAPlainCountOrACountOption() {
		assertThat(run("db", "downgrade", "2", "--all-tenants")).isZero();
		assertThat(run("db", "downgrade", "--count", "3", "--shared-only", "--module", "app")).isZero();
		assertThat(this.migrations.calls.stream().filter((call) -> call.method().equals("downgrade")).map((call) -> call.args().get(1)))
			.containsExactly(DowngradeTarget.count(2), DowngradeTarget.count(3));
		assertThat(this.migrations.calls.get(this.migrations.calls.size() - 1).args().get(0))
			.isEqualTo(MigrationRequest.sharedOnly().withModules("app"));
	}

	@Test
	void downgradeToATag() {
		assertThat(run("db", "downgrade", "--to", "v1", "--tenant", "acme")).isZero();
		assertThat(this.migrations.only("downgrade").args().get(1)).isEqualTo(DowngradeTarget.tag("v1"));
		// The tag is the downgrade's target, not an upgrade target of the request.
		assertThat(request("downgrade")).isEqualTo(MigrationRequest.forTenants(TenantId.of("acme")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "db downgrade -1", "db downgrade --tenant acme", "db downgrade -1 --to v1 --tenant acme",
			"db downgrade -0 --tenant acme", "db downgrade -1 -2 --tenant acme", "db downgrade --count x --tenant acme" })
	void aDowngradeThatDoesNotSayHowFarOrWhatIsRefused(String line) {
		assertThat(run(line.split(" "))).isEqualTo(DbCommandLine.USAGE);
		assertThat(this.migrations.calls).isEmpty();
		assertThat(output()).startsWith("error: ").contains("Usage: db downgrade");
	}

	// --- stamp, sql ---

	@Test
	void stampToATargetForEveryTenant() {
		assertThat(run("db", "stamp", "--to", "v3", "--all-tenants")).isZero();
		assertThat(request("stamp")).isEqualTo(MigrationRequest.allTenants().withTarget("v3"));
		assertThat(output()).contains("Stamp: 1 units");
	}

	@Test
	void sqlPrintsThePlannedStatementsPerUnitAndChangeset() {
		assertThat(run("db", "sql", "--tenant", "acme")).isZero();
		assertThat(request("sql")).isEqualTo(MigrationRequest.forTenants(TenantId.of("acme")));
		assertThat(output()).contains("-- tenant acme app/tenant (schema t_acme)", "SET search_path TO \"t_acme\";",
				"-- changeset db/tenant.xml::2-orders::ops", "CREATE TABLE orders (id bigint);",
				"-- 1 changesets; nothing was executed");
	}

	// --- status, current, pending, history ---

	@Test
	void statusPrintsATableOfUnits() {
		assertThat(run("db", "status")).isZero();
		assertThat(request("status")).isEqualTo(MigrationRequest.allTenants());
		assertThat(output()).contains("TENANT", "STATE", "LAST ERROR")
			.containsPattern("acme\\s+app\\s+tenant\\s+t_acme\\s+UP_TO_DATE\\s+1-customers\\s+0\\s+2026-11-21 10:00:00Z\\s+1.5 s")
			.contains("1 units: 1 up to date");
	}

	@Test
	void statusCheckFailsWhenAUnitIsNotUpToDate() {
		this.migrations.state = MigrationState.FAILED;
		assertThat(run("db", "status", "--tenant", "acme", "--check")).isEqualTo(DbCommandLine.FAILURE);
		assertThat(output()).contains("FAILED", "relation \"x\" does not exist", "1 units: 1 failed");
		this.migrations.state = MigrationState.UP_TO_DATE;
		assertThat(run("db", "status", "--check")).isZero();
	}

	@Test
	void currentShowsTheLastAppliedChangesetOfEachUnit() {
		assertThat(run("db", "current", "--tenant", "acme")).isZero();
		assertThat(request("status")).isEqualTo(MigrationRequest.forTenants(TenantId.of("acme")));
		assertThat(output()).containsPattern("acme\\s+app\\s+tenant\\s+t_acme\\s+db/tenant.xml::1-customers::ops");
	}

	@Test
	void pendingListsTheChangesetsPerUnit() {
		assertThat(run("db", "pending", "--module", "app")).isZero();
		assertThat(request("pending")).isEqualTo(MigrationRequest.allTenants().withModules("app"));
		assertThat(output()).contains("tenant acme app/tenant (schema t_acme): 1 pending", "db/tenant.xml::2-orders::ops",
				"1 changesets pending in 1 units");
	}

	@Test
	void historyOfATenantCoversEveryModuleWithATenantPart() {
		assertThat(run("db", "history", "--tenant", "acme")).isZero();
		assertThat(this.migrations.calls.stream().filter((call) -> call.method().equals("history")).map(RecordingTenantMigrations.Call::args))
			.containsExactly(List.of(TenantId.of("acme"), "app"), List.of(TenantId.of("acme"), "audit"));
		assertThat(output()).contains("Module app, tenant acme: 2 changesets applied", "EXECUTED AT", "DURATION")
			.containsPattern("1\\s+1-customers\\s+ops\\s+db/tenant.xml\\s+2026-11-21 09:00:00Z\\s+EXECUTED\\s+v1\\s+42 ms");
	}

	@Test
	void historyOfTheSharedPartsAsksEveryModule() {
		// Row-Level Security mode: tenant parts run in the shared schema, so audit has a shared history too.
		assertThat(run("db", "history", "--shared")).isZero();
		assertThat(this.migrations.calls.stream().filter((call) -> call.method().equals("history")).map((call) -> call.args().get(1)))
			.containsExactly("app", "billing", "audit");
		assertThat(output()).contains("Module app, shared", "Module billing, shared", "Module audit, shared");
	}

	@Test
	void historyOfTheSharedPartsOfOneModule() {
		assertThat(run("db", "history", "--shared", "--module", "billing")).isZero();
		assertThat(this.migrations.only("history").args()).containsExactly(null, "billing");
	}

	@ParameterizedTest
	@ValueSource(strings = { "db history", "db history --tenant acme --tenant beta", "db history --all-tenants",
			"db history --tenant acme --shared" })
	void historyNeedsExactlyOneTenantOrTheSharedParts(String line) {
		assertThat(run(line.split(" "))).isEqualTo(DbCommandLine.USAGE);
		assertThat(this.migrations.calls).isEmpty();
	}

	// --- revision ---

	@Test
	void revisionWritesANewFileForAModulesPart() {
		assertThat(run("db", "revision", "-m", "add foo", "--module", "billing", "--shared-part", "--autogenerate",
				"--source-root", "src/main/resources"))
			.isZero();
		assertThat(this.migrations.only("create").args()).containsExactly(
				new NewMigration("billing", MigrationTarget.SHARED, "add foo", true, Path.of("src/main/resources")));
		assertThat(output()).contains("Created src/main/resources/db/002_add_foo.sql");
	}

	@Test
	void revisionDefaultsToTheApplicationsModuleAndItsTenantPart() {
		assertThat(run("db", "revision", "--message=add bar")).isZero();
		assertThat(this.migrations.only("create").args())
			.containsExactly(new NewMigration("app", MigrationTarget.TENANT, "add bar", false, null));
	}

	@Test
	void revisionOfAModuleWithOnlyASharedPartDefaultsToIt() {
		assertThat(run("db", "revision", "-m", "x", "--module", "billing")).isZero();
		assertThat(((NewMigration) this.migrations.only("create").args().get(0)).target()).isEqualTo(MigrationTarget.SHARED);
	}

	// --- help and usage errors ---

	@Test
	void helpPrintsTheOverviewOrACommandsHelpAndCallsNothing() {
		assertThat(run("db", "help")).isZero();
		assertThat(output()).contains("Usage: java -jar app.jar db <command>", "downgrade", "Exit status: 0 success");
		this.output.reset();
		assertThat(run("db", "help", "downgrade")).isZero();
		assertThat(output()).contains("Usage: db downgrade", "--to TAG");
		this.output.reset();
		assertThat(run("db", "upgrade", "--help")).isZero();
		assertThat(output()).contains("Usage: db upgrade");
		assertThat(this.migrations.calls).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "db", "db frobnicate", "db upgrade --frobnicate", "db upgrade --tenant", "db upgrade --tenant Acme!",
			"db upgrade --tenant acme --all-tenants", "db upgrade --shared-only --tenant acme", "db upgrade --include-shared",
			"db upgrade extra", "db status --to v1", "db upgrade --check", "db revision", "db revision -m x --module app,audit",
			"db revision -m x --tenant-part --shared-part", "db upgrade --parallelism 0", "db help frobnicate",
			"db upgrade --all-tenants=yes" })
	void aUsageErrorPrintsHelpAndChangesNothing(String line) {
		assertThat(run(line.split(" "))).isEqualTo(DbCommandLine.USAGE);
		assertThat(this.migrations.calls).isEmpty();
		assertThat(output()).startsWith("error: ").contains("Usage:");
	}

	@Test
	void anUnknownModuleIsAUsageErrorThatChangesNothing() {
		assertThat(run("db", "upgrade", "--module", "payroll")).isEqualTo(DbCommandLine.USAGE);
		assertThat(this.migrations.methods()).containsExactly("modules");
		assertThat(output()).contains("Unknown module 'payroll'; the modules are [app, audit, billing]");
	}

	@Test
	void springArgumentsAroundTheCommandAreLeftToSpringBoot() {
		assertThat(DbCommandLine.isCommand("--spring.profiles.active=prod", "--debug", "db", "upgrade")).isTrue();
		assertThat(DbCommandLine.isCommand("server", "db")).isFalse();
		assertThat(DbCommandLine.isCommand()).isFalse();
		assertThat(run("--debug", "--spring.profiles.active=prod", "db", "upgrade", "--logging.level.root=warn", "--tenant",
				"acme"))
			.isZero();
		assertThat(request("upgrade")).isEqualTo(MigrationRequest.forTenants(TenantId.of("acme")));
	}

	@Test
	void theLeadingDbIsOptional() {
		assertThat(run("status", "--tenant", "acme")).isZero();
		assertThat(request("status").tenants().tenants()).isEqualTo(Set.of(TenantId.of("acme")));
	}

	// --- progress ---

	@Test
	void progressIsPrintedWhileACommandRunsOnly() {
		CommandLineProgress progress = new CommandLineProgress(Duration.ofHours(1));
		this.migrations.listener = progress;
		MigrationUnit beta = new MigrationUnit("app", MigrationTarget.TENANT, "t_beta", TenantId.of("beta"));
		this.migrations.reports = (operation) -> new MigrationReport(List.of(
				new UnitResult(RecordingTenantMigrations.ACME, UnitResult.Outcome.CHANGED,
						List.of(RecordingTenantMigrations.FIRST), Duration.ZERO, null),
				new UnitResult(beta, UnitResult.Outcome.FAILED, List.of(), Duration.ZERO,
						new MigrationDowngradeException("boom", null, TenantId.of("beta"), "app", null))),
				Duration.ofMillis(5));
		try (PrintStream out = new PrintStream(this.output, true, StandardCharsets.UTF_8)) {
			assertThat(new DbCommandLine(this.migrations, progress).run(new String[] { "db", "upgrade" }, out)).isOne();
		}
		assertThat(output()).contains("Upgrading 2 units", "  1/2 units (50%), 0 failed, 1 changesets",
				"  FAILED tenant beta", "  2/2 units (100%), 1 failed, 1 changesets");
		this.output.reset();
		// Outside a command (the application's own calls of the engine) the listener is quiet.
		this.migrations.upgrade(MigrationRequest.allTenants());
		assertThat(output()).isEmpty();
	}

}
