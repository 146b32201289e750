package io.dotmac.database.migration.guard;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import liquibase.Scope;
import liquibase.change.ChangeFactory;
import liquibase.precondition.PreconditionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The guard change types and the {@code tenantIsolated} precondition in real changelogs (YAML
 * and XML), run by plain Liquibase ({@code CommandScope} update) as the owner role, with the
 * table named without a schema and resolved through {@code search_path}: each passes on a
 * good table and fails on a bad one with a message that names the table and the fix. Every
 * test works in a schema of its own, so the same changelog and table name serve them all.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantGuardChangeTypesTests {

	private static final AtomicInteger SCHEMAS = new AtomicInteger();

	private static final String GOOD_TABLE = "CREATE TABLE customers (id bigint PRIMARY KEY, "
			+ "tenant_id varchar(48) NOT NULL, email text NOT NULL, UNIQUE (tenant_id, email))";

	private DataSource owner;

	private JdbcTemplate jdbc;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.owner = database.ownerDataSource();
		this.jdbc = new JdbcTemplate(this.owner);
	}

	@Test
	void changeTypesAndPreconditionAreRegistered() {
		ChangeFactory changes = Scope.getCurrentScope().getSingleton(ChangeFactory.class);
		assertThat(changes.create("ensureTenantColumn")).isInstanceOf(EnsureTenantColumnChange.class);
		assertThat(changes.create("ensureTenantIndexes")).isInstanceOf(EnsureTenantIndexesChange.class);
		assertThat(changes.create("validateTenantIsolation")).isInstanceOf(ValidateTenantIsolationChange.class);
		assertThat(changes.create("tenantDataMigration")).isInstanceOf(TenantDataMigrationChange.class);
		assertThat(PreconditionFactory.getInstance().create("tenantIsolated"))
			.isInstanceOf(TenantIsolatedPrecondition.class);
	}

	@Test
	void aTenantTableSetUpAndGuardedInXmlPassesInEverySchemaWithTheSameChecksums() throws Exception {
		String first = schema();
		String second = schema();
		GuardLiquibase.update(this.owner, first, "db/guard/full.xml", Map.of());
		GuardLiquibase.update(this.owner, second, "db/guard/full.xml", Map.of());
		for (String schema : List.of(first, second)) {
			assertThat(this.jdbc.queryForObject("SELECT obj_description(?::regclass, 'pg_class')", String.class,
					quoted(schema, "customers")))
				.isEqualTo("isolated");
			assertThat(this.jdbc.queryForObject("SELECT attnotnull FROM pg_attribute WHERE attrelid = ?::regclass "
					+ "AND attname = 'tenant_id'", Boolean.class, quoted(schema, "customers")))
				.isTrue();
		}
		assertThat(checksums(first)).hasSize(3).isEqualTo(checksums(second));
		// Running it again finds nothing to do: the checksums still match.
		GuardLiquibase.update(this.owner, first, "db/guard/full.xml", Map.of());
		assertThat(checksums(first)).isEqualTo(checksums(second));
	}

	@Test
	void ensureTenantColumnPassesOnAGoodTable() throws Exception {
		String schema = schemaWith(GOOD_TABLE);
		GuardLiquibase.update(this.owner, schema, "db/guard/column.yaml", Map.of());
		assertThat(history(schema)).containsExactly("customers-column");
	}

	@Test
	void ensureTenantColumnFailsOnAMissingColumnAndRecordsNothing() throws Exception {
		String schema = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, email text)");
		assertThatException().isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/column.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("ensureTenantColumn failed for table")
				.contains(schema + ".customers has no column tenant_id")
				.contains("Fix: ALTER TABLE " + schema + ".customers ADD COLUMN tenant_id varchar(48) NOT NULL")
				.contains("addIfMissing: true"));
		assertThat(history(schema)).isEmpty();
	}

	@Test
	void ensureTenantColumnAddsAMissingColumnToAnEmptyTable() throws Exception {
		String schema = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, email text)");
		GuardLiquibase.update(this.owner, schema, "db/guard/column-add.yaml", Map.of());
		assertThat(this.jdbc.queryForObject("SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM "
				+ "pg_attribute WHERE attrelid = ?::regclass AND attname = 'tenant_id'", String.class,
				quoted(schema, "customers")))
			.isEqualTo("character varying(48) true");
	}

	@Test
	void ensureTenantColumnRefusesToAddANotNullColumnToATableWithRows() throws Exception {
		String schema = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, email text)",
				"INSERT INTO customers VALUES (1, 'a@example.com')");
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/column-add.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex)).contains("has rows, so column")
				.contains("\"customers\""));
	}

	@Test
	void ensureTenantColumnFailsOnANullableColumn() throws Exception {
		String schema = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id text)");
		assertThatException().isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/column.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("Column tenant_id of " + schema + ".customers accepts NULL")
				.contains("ALTER TABLE " + schema + ".customers ALTER COLUMN tenant_id SET NOT NULL;"));
	}

	@Test
	void ensureTenantColumnFailsOnAColumnOfTheWrongType() throws Exception {
		String schema = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id uuid NOT NULL)");
		assertThatException().isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/column.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("Column tenant_id of " + schema + ".customers is uuid")
				.contains("ALTER TABLE " + schema + ".customers ALTER COLUMN tenant_id TYPE varchar(48);"));
		String tooShort = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id varchar(20) NOT NULL)");
		assertThatException().isThrownBy(() -> GuardLiquibase.update(this.owner, tooShort, "db/guard/column.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex)).contains("is character varying(20)"));
	}

	@Test
	void ensureTenantIndexesPassesOnAGoodTable() throws Exception {
		String schema = schemaWith(GOOD_TABLE);
		GuardLiquibase.update(this.owner, schema, "db/guard/indexes.yaml", Map.of());
		assertThat(history(schema)).containsExactly("customers-indexes");
	}

	@Test
	void ensureTenantIndexesFailsWhenNoIndexStartsWithTheTenantColumn() throws Exception {
		String schema = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id text NOT NULL, email text)",
				"CREATE INDEX customers_email_tenant ON customers (email, tenant_id)");
		assertThatException().isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/indexes.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("ensureTenantIndexes failed for table")
				.contains("No valid index of " + schema + ".customers starts with tenant_id")
				.contains("Fix: CREATE INDEX ON " + schema + ".customers (tenant_id);"));
	}

	@Test
	void ensureTenantIndexesFailsOnAUniqueConstraintOrIndexWithoutTheTenantColumn() throws Exception {
		String schema = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id text NOT NULL, "
				+ "email text CONSTRAINT customers_email_key UNIQUE, code text)",
				"CREATE INDEX ON customers (tenant_id)",
				"CREATE UNIQUE INDEX customers_code_idx ON customers (lower(code)) WHERE code IS NOT NULL");
		assertThatException().isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/indexes.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("Unique constraint customers_email_key of " + schema + ".customers does not include tenant_id")
				.contains("ALTER TABLE " + schema + ".customers DROP CONSTRAINT customers_email_key, ADD CONSTRAINT "
						+ "customers_email_key UNIQUE (tenant_id, email);")
				.contains("Unique index customers_code_idx of " + schema + ".customers does not include tenant_id")
				.contains("CREATE UNIQUE INDEX customers_code_idx ON " + schema
						+ ".customers (tenant_id, lower(code)) WHERE (code IS NOT NULL);"));
	}

	@Test
	void ensureTenantIndexesCreatesTheMissingTenantLeadingIndexesWhenAsked() throws Exception {
		String schema = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id text NOT NULL, email text)");
		GuardLiquibase.update(this.owner, schema, "db/guard/indexes-create.yaml", Map.of());
		assertThat(this.jdbc.queryForList("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = ?::regclass "
				+ "ORDER BY 1", String.class, quoted(schema, "customers")))
			.containsExactly(schema + ".customers_pkey", schema + ".customers_tenant_id_email_idx");
	}

	@Test
	void validateTenantIsolationPassesOnAnIsolatedTable() throws Exception {
		String schema = schemaWith(GOOD_TABLE, "ALTER TABLE customers ENABLE ROW LEVEL SECURITY",
				"ALTER TABLE customers FORCE ROW LEVEL SECURITY",
				"CREATE POLICY own_rows ON customers USING (tenant_id = current_setting('app.current_tenant_id', true))");
		GuardLiquibase.update(this.owner, schema, "db/guard/isolation.yaml", Map.of());
		assertThat(history(schema)).containsExactly("customers-isolation");
	}

	@Test
	void validateTenantIsolationFailsWithoutRowLevelSecurity() throws Exception {
		String schema = schemaWith(GOOD_TABLE);
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/isolation.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("Row-Level Security is not enabled on " + schema + ".customers")
				.contains("ALTER TABLE " + schema + ".customers ENABLE ROW LEVEL SECURITY;")
				.contains("No policy of " + schema + ".customers"));
	}

	@Test
	void validateTenantIsolationFailsWhenRowLevelSecurityIsNotForced() throws Exception {
		String schema = schemaWith(GOOD_TABLE, "ALTER TABLE customers ENABLE ROW LEVEL SECURITY",
				"CREATE POLICY own_rows ON customers USING (tenant_id = current_setting('app.current_tenant_id', true))");
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/isolation.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains(schema + ".customers does not FORCE Row-Level Security")
				.contains("Fix: ALTER TABLE " + schema + ".customers FORCE ROW LEVEL SECURITY;")
				.doesNotContain("No policy of " + schema));
	}

	@Test
	void validateTenantIsolationFailsWithoutATenantPolicy() throws Exception {
		String schema = schemaWith(GOOD_TABLE, "ALTER TABLE customers ENABLE ROW LEVEL SECURITY",
				"ALTER TABLE customers FORCE ROW LEVEL SECURITY",
				"CREATE POLICY everything ON customers USING (true)");
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/isolation.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("No policy of " + schema + ".customers for all commands or SELECT compares tenant_id with "
						+ "the tenant setting app.current_tenant_id")
				.contains("CREATE POLICY dotmac_tenant_isolation ON " + schema + ".customers AS PERMISSIVE FOR ALL TO "
						+ "PUBLIC USING (\"tenant_id\" = NULLIF(current_setting('app.current_tenant_id', true), ''))"));
	}

	@Test
	void aMissingTableIsNamedWithTheSearchPath() throws Exception {
		String schema = schemaWith();
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/isolation.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("validateTenantIsolation: table \"customers\" does not exist (search_path: " + schema + ")"));
	}

	@Test
	void inSchemaModeTheTenantColumnIsNotRequiredAndRowLevelSecurityIsRefused() throws Exception {
		Map<String, String> schemaMode = Map.of(TenantIsolationMode.CHANGELOG_PARAMETER, "schema");
		String plain = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, email text UNIQUE)");
		GuardLiquibase.update(this.owner, plain, "db/guard/column.yaml", schemaMode);
		GuardLiquibase.update(this.owner, plain, "db/guard/indexes.yaml", schemaMode);
		GuardLiquibase.update(this.owner, plain, "db/guard/isolation.yaml", schemaMode);
		assertThat(history(plain)).containsExactly("customers-column", "customers-indexes", "customers-isolation");

		String withRls = schemaWith(GOOD_TABLE, "ALTER TABLE customers ENABLE ROW LEVEL SECURITY");
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(this.owner, withRls, "db/guard/isolation.yaml", schemaMode))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("Row-Level Security is on for " + withRls + ".customers in a tenant schema")
				.contains("ALTER TABLE " + withRls + ".customers DISABLE ROW LEVEL SECURITY;"));
	}

	@Test
	void aRunnerCanSetTheModeInTheLiquibaseScopeInstead() throws Exception {
		String plain = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, email text UNIQUE)");
		Scope.child(Map.of(TenantIsolationMode.CHANGELOG_PARAMETER, "schema"),
				() -> GuardLiquibase.update(this.owner, plain, "db/guard/column.yaml", Map.of()));
		assertThat(history(plain)).containsExactly("customers-column");
	}

	@Test
	void theChecksumsDoNotDependOnTheMode() throws Exception {
		String rls = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, email text)");
		String schemaMode = schemaWith("CREATE TABLE customers (id bigint PRIMARY KEY, email text)");
		GuardLiquibase.update(this.owner, rls, "db/guard/column-add.yaml", Map.of());
		GuardLiquibase.update(this.owner, schemaMode, "db/guard/column-add.yaml",
				Map.of(TenantIsolationMode.CHANGELOG_PARAMETER, "schema"));
		assertThat(checksums(rls)).isEqualTo(checksums(schemaMode)).hasSize(1);
	}

	@Test
	void tenantIsolatedPreconditionHaltsOnATableThatIsNotIsolated() throws Exception {
		String schema = schemaWith(GOOD_TABLE, "ALTER TABLE customers ENABLE ROW LEVEL SECURITY");
		assertThatException()
			.isThrownBy(() -> GuardLiquibase.update(this.owner, schema, "db/guard/precondition-halt.yaml", Map.of()))
			.satisfies((ex) -> assertThat(GuardLiquibase.messages(ex))
				.contains("Table \"customers\" is not isolated by tenant")
				.contains(schema + ".customers does not FORCE Row-Level Security")
				.contains("No policy of " + schema + ".customers"));
		assertThat(history(schema)).isEmpty();
	}

	@Test
	void tenantIsolatedPreconditionCanSkipAChangeset() throws Exception {
		String schema = schemaWith(GOOD_TABLE);
		GuardLiquibase.update(this.owner, schema, "db/guard/precondition-mark-ran.yaml", Map.of());
		assertThat(this.jdbc.queryForObject("SELECT exectype FROM " + quoted(schema, "databasechangelog"), String.class))
			.isEqualTo("MARK_RAN");
		assertThat(this.jdbc.queryForObject("SELECT obj_description(?::regclass, 'pg_class')", String.class,
				quoted(schema, "customers")))
			.isNull();
	}

	@Test
	void updateSqlWritesTheGuardsIntoTheScript() throws Exception {
		String schema = schemaWith();
		String sql = GuardLiquibase.updateSql(this.owner, schema, "db/guard/full.xml");
		assertThat(sql).contains("ensureTenantColumn failed for table")
			.contains("ensureTenantIndexes failed for table")
			.contains("validateTenantIsolation failed for table")
			.contains("to_regclass('\"customers\"')");
		assertThat(history(schema)).isEmpty();
	}

	private String schemaWith(String... sql) throws Exception {
		String schema = schema();
		String[] statements = new String[sql.length + 1];
		statements[0] = "SET search_path TO " + schema;
		System.arraycopy(sql, 0, statements, 1, sql.length);
		GuardLiquibase.execute(this.owner, statements);
		return schema;
	}

	private String schema() {
		String schema = "guard_" + SCHEMAS.incrementAndGet();
		this.jdbc.execute("CREATE SCHEMA " + schema);
		return schema;
	}

	private List<String> checksums(String schema) {
		return this.jdbc.queryForList("SELECT id || ' ' || md5sum FROM " + quoted(schema, "databasechangelog")
				+ " ORDER BY orderexecuted", String.class);
	}

	private List<String> history(String schema) {
		if (this.jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class,
				quoted(schema, "databasechangelog"))) {
			return List.of();
		}
		return this.jdbc.queryForList("SELECT id FROM " + quoted(schema, "databasechangelog") + " ORDER BY orderexecuted",
				String.class);
	}

	private static String quoted(String schema, String table) {
		return "\"" + schema + "\".\"" + table + "\"";
	}

}
