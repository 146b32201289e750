package io.dotmac.database.tenant;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC registry and its schema initializer against real PostgreSQL: the owner role creates
 * the table, the application role (not the owner, no BYPASSRLS) uses it with only the table
 * rights an application would be granted.
 */
@DotmacTestServers
class JdbcTenantRegistryTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	private static TenantRegistry registry;

	private static JdbcTemplate owner;

	@BeforeAll
	static void createTable(TestDatabase database) throws SQLException {
		new TenantRegistrySchemaInitializer(database.ownerDataSource(), TenantRegistryTable.defaults()).initialize();
		grant(database, "public.dotmac_tenants");
		registry = new JdbcTenantRegistry(database.appDataSource());
		owner = new JdbcTemplate(database.ownerDataSource());
	}

	static void grant(TestDatabase database, String table) throws SQLException {
		try (Connection connection = database.ownerDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("GRANT SELECT, INSERT, UPDATE ON " + table + " TO " + database.appUsername());
		}
	}

	@Test
	void registersFindsListsSuspendsAndResumes() {
		Tenant registered = registry.register(TenantId.of("initech"), "Initech Ltd");
		assertThat(registered.id()).isEqualTo(TenantId.of("initech"));
		assertThat(registered.name()).isEqualTo("Initech Ltd");
		assertThat(registered.isActive()).isTrue();
		assertThat(registered.createdAt()).isEqualTo(registered.updatedAt());

		assertThat(registry.find(TenantId.of("initech"))).contains(registered);

		Tenant suspended = registry.suspend(TenantId.of("initech"));
		assertThat(suspended.status()).isEqualTo(TenantStatus.SUSPENDED);
		assertThat(registry.find(TenantId.of("initech"))).get().extracting(Tenant::status)
			.isEqualTo(TenantStatus.SUSPENDED);
		assertThat(registry.suspend(TenantId.of("initech")).updatedAt())
			.as("suspending twice changes nothing").isEqualTo(suspended.updatedAt());
		assertThatExceptionOfType(UnknownTenantException.class)
			.isThrownBy(() -> registry.requireActive(TenantId.of("initech")))
			.withMessage("Tenant 'initech' is unknown or suspended");

		Tenant resumed = registry.resume(TenantId.of("initech"));
		assertThat(resumed.isActive()).isTrue();
		assertThat(registry.requireActive(TenantId.of("initech"))).isEqualTo(resumed);
		assertThat(registry.findAll()).extracting(Tenant::id).contains(TenantId.of("initech"));
	}

	@Test
	void listsTenantsOrderedById() {
		registry.register(TenantId.of("zz-last"), "Last");
		registry.register(TenantId.of("aa-first"), "First");
		List<TenantId> ids = registry.findAll().stream().map(Tenant::id).toList();
		assertThat(ids).isSorted().contains(TenantId.of("aa-first"), TenantId.of("zz-last"));
	}

	@Test
	void unknownTenantIsEmptyAndCannotBeSuspendedOrResumed() {
		TenantId nobody = TenantId.of("nobody");
		assertThat(registry.find(nobody)).isEmpty();
		assertThatExceptionOfType(UnknownTenantException.class).isThrownBy(() -> registry.suspend(nobody));
		assertThatExceptionOfType(UnknownTenantException.class).isThrownBy(() -> registry.resume(nobody));
		assertThatExceptionOfType(UnknownTenantException.class).isThrownBy(() -> registry.requireActive(nobody));
		assertThat(registry.find(nobody)).isEmpty();
	}

	@Test
	void registeringATakenIdFailsAndChangesNothing() {
		Tenant first = registry.register(ACME, "Acme Corp");
		assertThatExceptionOfType(TenantAlreadyExistsException.class)
			.isThrownBy(() -> registry.register(ACME, "Someone Else"))
			.satisfies((ex) -> assertThat(ex.getTenant()).isEqualTo(ACME));
		assertThat(registry.find(ACME)).contains(first);
	}

	@Test
	void badNamesAreRefusedBeforeSql() {
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> registry.register(GLOBEX, " "));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> registry.register(GLOBEX, "x".repeat(256)));
		assertThat(registry.find(GLOBEX)).isEmpty();
	}

	@Test
	void tableRefusesMalformedIdsAndStatusesEvenFromRawSql() {
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> owner.update("INSERT INTO public.dotmac_tenants (id, name) VALUES (?, ?)",
					"acme' OR '1'='1", "x"));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> owner.update("INSERT INTO public.dotmac_tenants (id, name) VALUES (?, ?)", "ACME", "x"));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> owner.update("INSERT INTO public.dotmac_tenants (id, name, status) VALUES (?, ?, ?)",
					"ok-id", "x", "DELETED"));
	}

	@Test
	void initializerIsIdempotentAndKeepsItsOwnHistory(TestDatabase database) {
		TenantRegistrySchemaInitializer initializer = new TenantRegistrySchemaInitializer(database.ownerDataSource(),
				TenantRegistryTable.defaults());
		initializer.initialize();
		initializer.initialize();
		// One row per changeset of the registry's changelog (table, lifecycle statuses, migration state).
		assertThat(owner.queryForObject("SELECT count(*) FROM public.dotmac_tenants_changelog", Integer.class))
			.isEqualTo(3);
		assertThat(owner.queryForObject("SELECT count(*) FROM information_schema.tables"
				+ " WHERE table_name IN ('databasechangelog', 'databasechangeloglock')", Integer.class))
			.as("the application's own Liquibase tables are left alone").isZero();
		assertThat(owner.queryForObject("SELECT relrowsecurity FROM pg_class WHERE oid = 'public.dotmac_tenants'::regclass",
				Boolean.class)).as("the registry is shared, not tenant data").isFalse();
	}

	@Test
	void customSchemaIsCreatedAndUsed(TestDatabase database) throws SQLException {
		TenantRegistryTable table = TenantRegistryTable.of("platform", "tenants");
		DataSource ownerDataSource = database.ownerDataSource();
		new TenantRegistrySchemaInitializer(ownerDataSource, table).initialize();
		owner.execute("GRANT USAGE ON SCHEMA platform TO " + database.appUsername());
		grant(database, "platform.tenants");
		JdbcTenantRegistry custom = new JdbcTenantRegistry(database.appDataSource(), table);
		custom.register(TenantId.of("hooli"), "Hooli");
		assertThat(owner.queryForObject("SELECT name FROM platform.tenants WHERE id = 'hooli'", String.class))
			.isEqualTo("Hooli");
		assertThat(registry.find(TenantId.of("hooli"))).as("a different table").isEmpty();
		assertThat(owner.queryForObject("SELECT count(*) FROM platform.tenants_changelog", Integer.class)).isEqualTo(3);
		assertThat(owner.queryForObject("SELECT to_regclass('platform.dotmac_migration_state') IS NOT NULL",
				Boolean.class)).as("the migration state lives next to the registry").isTrue();
	}

	@Test
	void tableNamesAreValidatedIdentifiers() {
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantRegistryTable.of("public", "tenants\"; DROP TABLE x; --"));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantRegistryTable.of("Public", "tenants"));
		assertThatExceptionOfType(DatabaseValidationException.class)
			.isThrownBy(() -> TenantRegistryTable.of("public", "t".repeat(49)));
		assertThat(TenantRegistryTable.of("platform", "tenants").qualifiedName())
			.isEqualTo("\"platform\".\"tenants\"");
	}

}
