package io.dotmac.database.rls;

import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.embedded.test.TestServers;
import io.dotmac.database.schema.SchemaDataSource;
import io.dotmac.database.schema.SchemaSettings;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static io.dotmac.database.rls.AbstractRlsDataSourceTests.call;
import static io.dotmac.database.rls.AbstractRlsDataSourceTests.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What schema routing costs in round trips, counted on the wire between the driver and
 * PostgreSQL, as {@link RlsRoundTripTests} does for RLS: one per transaction in transaction
 * mode (the schema check and, with tenant roles, the role switch ride in the same
 * statement), none in session mode when the connection already has the tenant's path.
 * (Here rather than in the schema package because it shares the wire counter.)
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaRoundTripTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	private final String rolePrefix = "w" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL) + "_";

	private WireCounter wire;

	private SingleConnectionDataSource connection;

	private TestDatabase database;

	@BeforeAll
	void setUp(TestDatabase database) throws IOException {
		this.database = database;
		JdbcTemplate owner = new JdbcTemplate(database.ownerDataSource());
		JdbcTemplate admin = new JdbcTemplate(admin(database));
		for (TenantId tenant : List.of(ACME, GLOBEX)) {
			String schema = "\"t_" + tenant + "\"";
			String role = "\"" + this.rolePrefix + tenant + "\"";
			owner.execute("CREATE SCHEMA " + schema);
			owner.execute("CREATE TABLE " + schema + ".items (name text)");
			owner.execute("INSERT INTO " + schema + ".items VALUES ('" + tenant + " item')");
			admin.execute("CREATE ROLE " + role + " NOLOGIN");
			admin.execute("GRANT " + role + " TO " + database.appUsername() + " WITH INHERIT FALSE, SET TRUE");
			for (String grantee : List.of(database.appUsername(), role)) {
				owner.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + grantee);
				owner.execute("GRANT SELECT ON " + schema + ".items TO " + grantee);
			}
		}
		PostgresServer server = TestServers.postgres();
		this.wire = new WireCounter(server.host(), server.port());
		PGSimpleDataSource driver = new PGSimpleDataSource();
		driver.setURL(this.wire.jdbcUrl(database.name()));
		driver.setUser(database.appUsername());
		driver.setPassword(database.appPassword());
		Connection physical = call(driver::getConnection);
		this.connection = new SingleConnectionDataSource(physical, true);
	}

	@AfterAll
	void tearDown() throws IOException {
		if (this.connection != null) {
			this.connection.destroy();
		}
		if (this.wire != null) {
			this.wire.close();
		}
		if (this.database != null) {
			JdbcTemplate admin = new JdbcTemplate(admin(this.database));
			for (TenantId tenant : List.of(ACME, GLOBEX)) {
				String role = "\"" + this.rolePrefix + tenant + "\"";
				admin.execute("DROP OWNED BY " + role);
				admin.execute("DROP ROLE " + role);
			}
		}
	}

	/** Two queries and a commit: three round trips on their own. */
	private static List<String> twoQueryTransaction(DataSource dataSource) {
		return call(() -> {
			try (Connection connection = dataSource.getConnection()) {
				connection.setAutoCommit(false);
				strings(connection, "SELECT count(*) FROM items");
				List<String> names = strings(connection, "SELECT name FROM items");
				connection.commit();
				connection.setAutoCommit(true);
				return names;
			}
		});
	}

	private long roundTrips(Runnable work) {
		this.wire.reset();
		work.run();
		return this.wire.roundTrips();
	}

	private long baseline() {
		// The same work with the path set by hand beforehand, outside the count.
		call(() -> {
			try (Connection connection = this.connection.getConnection()) {
				strings(connection, "SELECT set_config('search_path', '\"t_acme\"', false)");
			}
			return null;
		});
		long base = roundTrips(() -> twoQueryTransaction(this.connection));
		call(() -> {
			try (Connection connection = this.connection.getConnection()) {
				strings(connection, "SELECT set_config('search_path', '', false)");
			}
			return null;
		});
		return base;
	}

	@Test
	void aTenantTransactionCostsOneRoundTripAndReadsOnlyItsSchema() {
		long base = baseline();
		assertThat(base).as(this.wire.statements().toString()).isEqualTo(3);
		SchemaDataSource hooked = new SchemaDataSource(this.connection, SchemaSettings.defaults());
		@SuppressWarnings("unchecked")
		List<String>[] read = new List[1];
		assertThat(roundTrips(() -> read[0] = TenantContext.call(ACME, () -> twoQueryTransaction(hooked))))
			.isEqualTo(base + 1);
		assertThat(read[0]).containsExactly("acme item");
		assertThat(roundTrips(() -> read[0] = TenantContext.call(GLOBEX, () -> twoQueryTransaction(hooked))))
			.isEqualTo(base + 1);
		assertThat(read[0]).containsExactly("globex item");
	}

	@Test
	void tenantRolesRideInTheSameRoundTrip() {
		long base = baseline();
		SchemaDataSource hooked = new SchemaDataSource(this.connection,
				SchemaSettings.defaults().withTenantRolePrefix(this.rolePrefix));
		String[] user = new String[1];
		assertThat(roundTrips(() -> user[0] = TenantContext.call(ACME, () -> call(() -> {
			try (Connection connection = hooked.getConnection()) {
				connection.setAutoCommit(false);
				strings(connection, "SELECT count(*) FROM items");
				String current = strings(connection, "SELECT current_user").get(0);
				connection.commit();
				connection.setAutoCommit(true);
				return current;
			}
		})))).isEqualTo(base + 1);
		assertThat(user[0]).isEqualTo(this.rolePrefix + "acme");
	}

	@Test
	void aTenantLessTransactionCostsOneRoundTripToo() {
		SchemaDataSource hooked = new SchemaDataSource(this.connection, SchemaSettings.defaults());
		long trips = roundTrips(() -> call(() -> {
			try (Connection connection = hooked.getConnection()) {
				connection.setAutoCommit(false);
				strings(connection, "SELECT current_setting('search_path')");
				connection.commit();
				connection.setAutoCommit(true);
			}
			return null;
		}));
		assertThat(trips).isEqualTo(3);
	}

	@Test
	void sessionModeCostsNothingWhenThePathIsUnchanged() {
		long base = baseline();
		SchemaDataSource hooked = new SchemaDataSource(this.connection,
				SchemaSettings.defaults().withMode(RlsMode.SESSION));
		TenantContext.call(ACME, () -> twoQueryTransaction(hooked));
		long again = roundTrips(() -> TenantContext.call(ACME, () -> twoQueryTransaction(hooked)));
		assertThat(again).as(this.wire.statements().toString()).isEqualTo(base);
		assertThat(roundTrips(() -> TenantContext.call(GLOBEX, () -> twoQueryTransaction(hooked))))
			.isEqualTo(base + 1);
		// Leave the connection without a tenant's path for the other tests.
		twoQueryTransactionWithoutTenant(hooked);
	}

	private static void twoQueryTransactionWithoutTenant(DataSource dataSource) {
		call(() -> {
			try (Connection connection = dataSource.getConnection()) {
				connection.setAutoCommit(false);
				strings(connection, "SELECT 1");
				connection.commit();
				connection.setAutoCommit(true);
			}
			return null;
		});
	}

	private static DataSource admin(TestDatabase database) {
		PostgresServer server = TestServers.postgres();
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(database.jdbcUrl());
		dataSource.setUser(server.adminUsername());
		dataSource.setPassword(server.adminPassword());
		return dataSource;
	}

}
