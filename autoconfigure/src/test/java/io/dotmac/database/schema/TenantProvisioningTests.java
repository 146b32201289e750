package io.dotmac.database.schema;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.tenant.JdbcTenantRegistry;
import io.dotmac.database.tenant.ProvisioningListener;
import io.dotmac.database.tenant.ProvisioningStep;
import io.dotmac.database.tenant.Tenant;
import io.dotmac.database.tenant.TenantAlreadyExistsException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantProvisioner;
import io.dotmac.database.tenant.TenantRegistry;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;
import io.dotmac.database.tenant.TenantRegistryTable;
import io.dotmac.database.tenant.TenantStateException;
import io.dotmac.database.tenant.TenantStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tenant provisioning with schema per tenant on real PostgreSQL: the owner role provisions,
 * the application role (no CREATE, owns nothing) serves through a {@link SchemaDataSource}.
 * Both creation paths (cloning the template, running the changelog) are checked to give the
 * same schema, and every step of creation and deletion is made to fail once and then
 * retried.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantProvisioningTests {

	private static final String CHANGELOG = "classpath:io/dotmac/database/schema/tenant-changelog.xml";

	private static final Set<ProvisioningStep> CREATION = EnumSet.range(ProvisioningStep.REGISTER,
			ProvisioningStep.ACTIVATE);

	private static final Set<ProvisioningStep> DELETION = EnumSet.range(ProvisioningStep.MARK_DELETING,
			ProvisioningStep.UNREGISTER);

	private TestDatabase database;

	private TenantRegistry registry;

	private JdbcTemplate owner;

	private JdbcTemplate app;

	private final SchemaSettings settings = SchemaSettings.defaults();

	@BeforeAll
	void setUp(TestDatabase database) {
		this.database = database;
		new TenantRegistrySchemaInitializer(database.ownerDataSource(), TenantRegistryTable.defaults()).initialize();
		this.registry = new JdbcTenantRegistry(database.ownerDataSource());
		this.owner = new JdbcTemplate(database.ownerDataSource());
		this.owner.execute("CREATE TABLE public.provisioning_gate (closed boolean)");
		this.app = new JdbcTemplate(new SchemaDataSource(database.appDataSource(), this.settings));
	}

	private TenantProvisioner provisioner(boolean clone, String changelog) {
		return new TenantProvisioner(this.registry, storage(clone, changelog), this::seed, ProvisioningListener.NONE);
	}

	private SchemaTenantStorage storage(boolean clone, String changelog) {
		return new SchemaTenantStorage(this.database.ownerDataSource(), this.settings,
				new TenantSchemaMigrator(changelog), clone, this.database.appUsername());
	}

	private void seed(TenantId tenant) {
		this.app.update("INSERT INTO customers (name, email) VALUES ('First customer', 'first@example.com')"
				+ " ON CONFLICT DO NOTHING");
	}

	// --- creation ---

	@Test
	void aClonedTenantIsReadyToServeAsTheApplicationRole() {
		TenantId tenant = TenantId.of("cloned-1");
		Tenant created = provisioner(true, CHANGELOG).create(tenant, "Cloned One");
		assertThat(created.status()).isEqualTo(TenantStatus.ACTIVE);
		assertServes(tenant);
		// The clone carries the template's history, so the changelog finds nothing to do.
		assertThat(history("t_cloned-1")).isEqualTo(history("t__template")).hasSize(3);
	}

	@Test
	void aMigratedTenantIsReadyToServeAsTheApplicationRole() {
		TenantId tenant = TenantId.of("migrated-1");
		provisioner(false, CHANGELOG).create(tenant, "Migrated One");
		assertServes(tenant);
		assertThat(history("t_migrated-1")).hasSize(3);
	}

	@Test
	void clonedAndMigratedSchemasAreAlike() {
		provisioner(true, CHANGELOG).create(TenantId.of("alike-cloned"), "Cloned");
		provisioner(false, CHANGELOG).create(TenantId.of("alike-migrated"), "Migrated");
		assertThat(shape("t_alike-cloned")).isEqualTo(shape("t_alike-migrated")).isNotEmpty();
	}

	@Test
	void aLaterChangelogAppliesOnlyItsNewChangesetToAClone() {
		TenantId tenant = TenantId.of("upgraded");
		provisioner(true, CHANGELOG).create(tenant, "Upgraded");
		new TenantSchemaMigrator("classpath:io/dotmac/database/schema/tenant-changelog-v2.xml")
			.migrate(connectionFor(this.database.ownerDataSource()), "t_upgraded");
		assertThat(history("t_upgraded")).hasSize(4).last().isEqualTo("4-notes");
		assertThat(TenantContext.call(tenant, () -> this.app.queryForObject("SELECT count(*) FROM notes", Integer.class)))
			.isZero();
	}

	@Test
	void creatingAnExistingTenantFailsAndChangesNothing() {
		TenantId tenant = TenantId.of("exists-1");
		TenantProvisioner provisioner = provisioner(true, CHANGELOG);
		provisioner.create(tenant, "Exists");
		assertThatExceptionOfType(TenantAlreadyExistsException.class)
			.isThrownBy(() -> provisioner.create(tenant, "Exists again"));
		assertThat(this.registry.find(tenant)).hasValueSatisfying((found) -> {
			assertThat(found.name()).isEqualTo("Exists");
			assertThat(found.status()).isEqualTo(TenantStatus.ACTIVE);
		});
		assertThat(customers(tenant)).isEqualTo(1);
	}

	@ParameterizedTest
	@EnumSource(value = ProvisioningStep.class, names = { "REGISTER", "CREATE_STORAGE", "MIGRATE", "GRANT", "SEED",
			"ACTIVATE" })
	void aCreationThatFailsAtAnyStepCompletesOnRetryByCloning(ProvisioningStep step) {
		failAndRetryCreation(step, true);
	}

	@ParameterizedTest
	@EnumSource(value = ProvisioningStep.class, names = { "REGISTER", "CREATE_STORAGE", "MIGRATE", "GRANT", "SEED",
			"ACTIVATE" })
	void aCreationThatFailsAtAnyStepCompletesOnRetryByMigrating(ProvisioningStep step) {
		failAndRetryCreation(step, false);
	}

	private void failAndRetryCreation(ProvisioningStep step, boolean clone) {
		assertThat(CREATION).contains(step);
		TenantId tenant = TenantId.of("retry-" + (clone ? "c-" : "m-") + step.name().toLowerCase().replace('_', '-'));
		TenantProvisioner provisioner = provisioner(clone, CHANGELOG);
		assertThatException().isThrownBy(() -> provisioner.withListener(failAt(step)).create(tenant, "Retry"))
			.withMessage("crash at " + step);
		// Not served, whatever got done.
		assertThat(this.registry.find(tenant).filter(Tenant::isActive)).isEmpty();
		if (step == ProvisioningStep.REGISTER) {
			assertThat(this.registry.find(tenant)).isEmpty();
		}
		else {
			assertThat(this.registry.find(tenant).map(Tenant::status)).contains(TenantStatus.PROVISIONING);
		}
		Tenant created = provisioner.create(tenant, "Retry");
		assertThat(created.status()).isEqualTo(TenantStatus.ACTIVE);
		assertServes(tenant);
		assertThat(history(this.settings.naming().schemaFor(tenant))).hasSize(3);
	}

	@Test
	void aMigrationThatStopsHalfWayCarriesOnWhenRetried() {
		TenantId tenant = TenantId.of("half-migrated");
		TenantProvisioner provisioner = new TenantProvisioner(this.registry,
				storage(false, "classpath:io/dotmac/database/schema/gated-changelog.xml"));
		this.owner.update("INSERT INTO public.provisioning_gate VALUES (true)");
		try {
			assertThatException().isThrownBy(() -> provisioner.create(tenant, "Half"));
		}
		finally {
			this.owner.update("DELETE FROM public.provisioning_gate");
		}
		assertThat(this.registry.find(tenant).map(Tenant::status)).contains(TenantStatus.PROVISIONING);
		assertThat(history("t_half-migrated")).containsExactly("1-first");
		provisioner.create(tenant, "Half");
		assertThat(history("t_half-migrated")).containsExactly("1-first", "2-second");
		assertThat(this.registry.find(tenant).map(Tenant::status)).contains(TenantStatus.ACTIVE);
	}

	// --- suspension ---

	@Test
	void suspendedTenantsAreNotServedAndResumeUnchanged() {
		TenantId tenant = TenantId.of("sleepy");
		TenantProvisioner provisioner = provisioner(true, CHANGELOG);
		provisioner.create(tenant, "Sleepy");
		assertThat(provisioner.suspend(tenant).status()).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(provisioner.suspend(tenant).status()).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(provisioner.resume(tenant).status()).isEqualTo(TenantStatus.ACTIVE);
		assertServes(tenant);
	}

	@Test
	void aTenantBeingProvisionedCannotBeResumed() {
		TenantId tenant = TenantId.of("not-yet");
		assertThatException().isThrownBy(() -> provisioner(true, CHANGELOG).withListener(failAt(ProvisioningStep.SEED))
			.create(tenant, "Not yet"));
		assertThatExceptionOfType(TenantStateException.class).isThrownBy(() -> this.registry.resume(tenant))
			.withMessageContaining("PROVISIONING");
		assertThat(this.registry.find(tenant).map(Tenant::status)).contains(TenantStatus.PROVISIONING);
	}

	// --- deletion ---

	@Test
	void deletionIsGuardedAgainstAccidents() {
		TenantId tenant = TenantId.of("guarded");
		TenantProvisioner provisioner = provisioner(true, CHANGELOG);
		provisioner.create(tenant, "Guarded");
		assertThatExceptionOfType(TenantStateException.class).isThrownBy(() -> provisioner.delete(tenant, "guarded"))
			.withMessageContaining("suspend it first");
		provisioner.suspend(tenant);
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> provisioner.delete(tenant, "guarde"));
		assertThat(schemaExists("t_guarded")).isTrue();
		assertThat(this.registry.find(tenant).map(Tenant::status)).contains(TenantStatus.SUSPENDED);
		assertThat(provisioner.delete(tenant, "guarded")).isTrue();
		assertThat(schemaExists("t_guarded")).isFalse();
		assertThat(this.registry.find(tenant)).isEmpty();
		assertThat(provisioner.delete(tenant, "guarded")).isFalse();
	}

	@ParameterizedTest
	@EnumSource(value = ProvisioningStep.class, names = { "MARK_DELETING", "DROP_STORAGE", "UNREGISTER" })
	void aDeletionThatFailsAtAnyStepCompletesOnRetry(ProvisioningStep step) {
		assertThat(DELETION).contains(step);
		TenantId tenant = TenantId.of("doomed-" + step.name().toLowerCase().replace('_', '-'));
		TenantProvisioner provisioner = provisioner(true, CHANGELOG);
		provisioner.create(tenant, "Doomed");
		provisioner.suspend(tenant);
		assertThatException().isThrownBy(() -> provisioner.withListener(failAt(step)).delete(tenant, tenant.value()))
			.withMessage("crash at " + step);
		assertThat(this.registry.find(tenant).filter(Tenant::isActive)).isEmpty();
		assertThat(provisioner.delete(tenant, tenant.value())).isTrue();
		assertThat(schemaExists(this.settings.naming().schemaFor(tenant))).isFalse();
		assertThat(this.registry.find(tenant)).isEmpty();
		assertThatException().isThrownBy(() -> customers(tenant)).isInstanceOf(TenantSchemaNotFoundException.class);
	}

	@Test
	void aCreationThatNeverFinishedCanBeDeleted() {
		TenantId tenant = TenantId.of("abandoned");
		TenantProvisioner provisioner = provisioner(false, CHANGELOG);
		assertThatException()
			.isThrownBy(() -> provisioner.withListener(failAt(ProvisioningStep.GRANT)).create(tenant, "Abandoned"));
		assertThat(provisioner.delete(tenant, "abandoned")).isTrue();
		assertThat(schemaExists("t_abandoned")).isFalse();
		assertThat(this.registry.find(tenant)).isEmpty();
	}

	@Test
	void listShowsEveryStatus() {
		TenantProvisioner provisioner = provisioner(true, CHANGELOG);
		provisioner.create(TenantId.of("listed-a"), "A");
		assertThatException().isThrownBy(() -> provisioner.withListener(failAt(ProvisioningStep.ACTIVATE))
			.create(TenantId.of("listed-b"), "B"));
		Map<String, TenantStatus> statuses = new java.util.HashMap<>();
		provisioner.list().forEach((tenant) -> statuses.put(tenant.id().value(), tenant.status()));
		assertThat(statuses).containsEntry("listed-a", TenantStatus.ACTIVE)
			.containsEntry("listed-b", TenantStatus.PROVISIONING);
	}

	// --- tenant roles ---

	@Test
	void withTenantRolesEachTenantIsServedAsItsOwnRoleOnly() {
		String prefix = "p" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffL)
				+ "_";
		SchemaSettings roles = SchemaSettings.defaults().withTenantRolePrefix(prefix);
		// Creating roles needs CREATEROLE: the server's administrator provisions here.
		SchemaTenantStorage storage = new SchemaTenantStorage(admin(), roles, new TenantSchemaMigrator(CHANGELOG), true,
				this.database.appUsername());
		TenantProvisioner provisioner = new TenantProvisioner(this.registry, storage);
		TenantId a = TenantId.of("role-a");
		TenantId b = TenantId.of("role-b");
		JdbcTemplate app = new JdbcTemplate(new SchemaDataSource(this.database.appDataSource(), roles));
		try {
			provisioner.create(a, "A");
			provisioner.create(b, "B");
			TenantContext.run(a, () -> {
				assertThat(app.queryForObject("SELECT current_user", String.class)).isEqualTo(prefix + "role-a");
				app.update("INSERT INTO customers (name, email) VALUES ('Ada', 'ada@example.com')");
				assertThat(app.queryForObject("SELECT count(*) FROM customers", Integer.class)).isEqualTo(1);
				assertThatException().isThrownBy(() -> app.queryForList("SELECT * FROM \"t_role-b\".customers"))
					.havingRootCause()
					.withMessageContaining("permission denied");
			});
			assertThat(TenantContext.call(b, () -> app.queryForObject("SELECT count(*) FROM customers", Integer.class)))
				.isZero();
			// The application role itself has no rights on any tenant schema.
			assertThatException().isThrownBy(() -> app.queryForList("SELECT * FROM \"t_role-a\".customers"))
				.havingRootCause()
				.withMessageContaining("permission denied");
			provisioner.suspend(a);
			provisioner.delete(a, "role-a");
			assertThat(this.owner.queryForObject("SELECT count(*) FROM pg_roles WHERE rolname = ?", Integer.class,
					prefix + "role-a"))
				.isZero();
		}
		finally {
			for (TenantId tenant : List.of(a, b)) {
				if (this.registry.find(tenant).isPresent()) {
					provisioner.suspend(tenant);
					provisioner.delete(tenant, tenant.value());
				}
			}
			new JdbcTemplate(admin()).execute("DROP ROLE IF EXISTS \"" + roles.tenantGroupRole() + "\"");
		}
	}

	private DataSource admin() {
		io.dotmac.database.embedded.PostgresServer server = io.dotmac.database.embedded.test.TestServers.postgres();
		org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
		dataSource.setURL(this.database.jdbcUrl());
		dataSource.setUser(server.adminUsername());
		dataSource.setPassword(server.adminPassword());
		return dataSource;
	}

	// --- helpers ---

	/** The application role reads and writes the tenant's tables, and only them. */
	private void assertServes(TenantId tenant) {
		assertThat(customers(tenant)).isEqualTo(1);
		Integer total = TenantContext.call(tenant, () -> {
			this.app.update("INSERT INTO orders (customer_id, amount) SELECT id, 10 FROM customers");
			Long invoice = this.app.queryForObject("SELECT invoice_number FROM orders", Long.class);
			assertThat(invoice).isEqualTo(1000L);
			assertThat(this.app.queryForObject("SELECT amount_with_tax FROM orders", java.math.BigDecimal.class))
				.isEqualByComparingTo("12.00");
			assertThat(this.app.queryForObject("SELECT value FROM settings WHERE name = 'currency'", String.class))
				.isEqualTo("EUR");
			assertThatException()
				.isThrownBy(() -> this.app.update("INSERT INTO orders (customer_id, amount) VALUES (-1, 1)"));
			assertThatException().isThrownBy(() -> this.app.queryForList("SELECT * FROM databasechangelog"));
			Integer viewTotal = this.app.queryForObject("SELECT total::int FROM customer_totals", Integer.class);
			this.app.update("DELETE FROM orders");
			return viewTotal;
		});
		assertThat(total).isEqualTo(10);
	}

	private int customers(TenantId tenant) {
		return TenantContext.call(tenant, () -> this.app.queryForObject("SELECT count(*) FROM customers", Integer.class));
	}

	private List<String> history(String schema) {
		return this.owner.queryForList("SELECT id FROM \"" + schema + "\".databasechangelog ORDER BY orderexecuted",
				String.class);
	}

	private boolean schemaExists(String schema) {
		return Boolean.TRUE.equals(this.owner
			.queryForObject("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", Boolean.class, schema));
	}

	/** Columns, constraints and indexes of a schema, with the schema's name taken out. */
	private List<String> shape(String schema) {
		String sql = """
				SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
				       || ' ' || coalesce(column_default, '') || ' ' || is_identity || ' ' || is_generated
				FROM information_schema.columns WHERE table_schema = ?
				UNION ALL
				SELECT 'constraint ' || c.relname || ' ' || k.conname || ' ' || k.contype::text || ' ' || pg_get_constraintdef(k.oid)
				FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.connamespace = ?::regnamespace
				UNION ALL
				SELECT 'index ' || replace(indexdef, quote_ident(schemaname) || '.', '') FROM pg_indexes
				WHERE schemaname = ?
				UNION ALL
				SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = ?
				UNION ALL
				SELECT 'sequence ' || sequencename || ' ' || start_value || ' ' || coalesce(last_value, 0)
				FROM pg_sequences WHERE schemaname = ?
				ORDER BY 1""";
		String quoted = "\"" + schema + "\"";
		return this.owner.queryForList(sql, String.class, schema, quoted, schema, schema, schema)
			.stream()
			.map((line) -> line.replace(quoted + ".", "").replace(schema + ".", ""))
			.toList();
	}

	private static java.sql.Connection connectionFor(DataSource dataSource) {
		try {
			return dataSource.getConnection();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ProvisioningListener failAt(ProvisioningStep failing) {
		AtomicInteger calls = new AtomicInteger();
		return (tenant, step) -> {
			calls.incrementAndGet();
			if (step == failing) {
				throw new IllegalStateException("crash at " + step);
			}
		};
	}

}
