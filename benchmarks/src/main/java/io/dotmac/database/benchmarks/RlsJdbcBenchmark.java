package io.dotmac.database.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.rls.RlsDataSource;
import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.rls.RlsPolicyManager;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.TenantTable;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

/**
 * An indexed read transaction ({@code BEGIN; SELECT … WHERE id = ?; COMMIT}, pgbench's
 * shape) through HikariCP, as an ordinary role, in six variants measured round by round
 * in rotating order:
 * <ul>
 * <li>{@code no-tenancy}: a table without RLS, no hook: the floor;</li>
 * <li>{@code hand-rolled}: the RLS table with the common blog recipe, a separate
 * {@code SELECT set_config(…, true)} before each transaction's query: the alternative;</li>
 * <li>{@code dotmac-transaction}: the RLS table through {@link RlsDataSource} in its
 * default, pooler-safe transaction mode, tenant from {@link TenantContext}, the setting
 * folded into the query's round trip;</li>
 * <li>{@code dotmac-transaction-unfolded}: the same with folding off, the setting in a
 * round trip of its own (what the hand-rolled recipe does);</li>
 * <li>{@code dotmac-session-random}: session mode, a random tenant per transaction (the
 * setting changes almost every time);</li>
 * <li>{@code dotmac-session-sticky}: session mode, each worker serving one tenant (the
 * connection usually carries the right tenant already).</li>
 * </ul>
 * Every transaction checks that it found its row, so a variant that loses rows fails.
 */
final class RlsJdbcBenchmark {

	static final String SETTING = "app.current_tenant_id";

	private final PostgresServer server;

	private final String database;

	private final String role;

	private final String password;

	private final List<Row> rows = new ArrayList<>();

	private int tenants;

	private int rowsPerTenant;

	RlsJdbcBenchmark(PostgresServer server, String database, String role, String password) {
		this.server = server;
		this.database = database;
		this.role = role;
		this.password = password;
	}

	record Row(TenantId tenant, UUID id) {
	}

	/** Creates both tables as the application role (FORCE RLS on the tenant one) and seeds them. */
	void prepare(int tenants, int rowsPerTenant) throws SQLException {
		this.tenants = tenants;
		this.rowsPerTenant = rowsPerTenant;
		try (HikariDataSource setup = pool(2); Connection connection = setup.getConnection()) {
			try (Statement statement = connection.createStatement()) {
				for (String table : List.of("bench_plain", "bench_rls")) {
					statement.execute("DROP TABLE IF EXISTS " + table);
					statement.execute("CREATE TABLE " + table + " (id uuid PRIMARY KEY, tenant_id varchar(48) NOT NULL, "
							+ "name text NOT NULL, email text NOT NULL)");
				}
			}
			for (int t = 0; t < tenants; t++) {
				for (int r = 0; r < rowsPerTenant; r++) {
					this.rows.add(new Row(TenantId.of("tenant-" + t), UUID.randomUUID()));
				}
			}
			for (String table : List.of("bench_plain", "bench_rls")) {
				try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
					int n = 0;
					for (Row row : this.rows) {
						insert.setObject(1, row.id());
						insert.setString(2, row.tenant().value());
						insert.setString(3, "Customer " + n);
						insert.setString(4, "c" + (n++) + "@" + row.tenant().value() + ".example");
						insert.addBatch();
					}
					insert.executeBatch();
				}
			}
			RlsPolicyManager.onConnection(connection, RlsSettings.defaults().withSettingName(SETTING).withSystemRole(null))
				.enableTenantRls(TenantTable.of("bench_rls"));
			try (Statement statement = connection.createStatement()) {
				statement.execute("ANALYZE bench_plain");
				statement.execute("ANALYZE bench_rls");
			}
			connection.commit();
		}
	}

	/** Transactions per second per variant, one entry per round. */
	Map<String, List<Double>> run(int workers, Duration roundLength, int rounds) throws Exception {
		Map<String, Variant> variants = new LinkedHashMap<>();
		HikariDataSource plainPool = pool(workers);
		HikariDataSource handRolledPool = pool(workers);
		HikariDataSource transactionPool = pool(workers);
		HikariDataSource unfoldedPool = pool(workers);
		HikariDataSource sessionRandomPool = pool(workers);
		HikariDataSource sessionStickyPool = pool(workers);
		try {
			variants.put("no-tenancy", (worker) -> query(plainPool, "bench_plain", randomRow()));
			variants.put("hand-rolled", (worker) -> handRolled(handRolledPool, randomRow()));
			DataSource transactionMode = new RlsDataSource(transactionPool,
					RlsSettings.defaults().withSettingName(SETTING).withMode(RlsMode.TRANSACTION));
			variants.put("dotmac-transaction", (worker) -> hooked(transactionMode, randomRow()));
			DataSource unfolded = new RlsDataSource(unfoldedPool, RlsSettings.defaults()
				.withSettingName(SETTING)
				.withMode(RlsMode.TRANSACTION)
				.withFoldIntoFirstStatement(false));
			variants.put("dotmac-transaction-unfolded", (worker) -> hooked(unfolded, randomRow()));
			DataSource sessionRandom = new RlsDataSource(sessionRandomPool,
					RlsSettings.defaults().withSettingName(SETTING).withMode(RlsMode.SESSION));
			variants.put("dotmac-session-random", (worker) -> hooked(sessionRandom, randomRow()));
			DataSource sessionSticky = new RlsDataSource(sessionStickyPool,
					RlsSettings.defaults().withSettingName(SETTING).withMode(RlsMode.SESSION));
			variants.put("dotmac-session-sticky", (worker) -> hooked(sessionSticky, stickyRow(worker)));

			Map<String, List<Double>> results = new LinkedHashMap<>();
			variants.keySet().forEach((name) -> results.put(name, new ArrayList<>()));
			List<String> names = new ArrayList<>(variants.keySet());
			for (String name : names) {
				measure(variants.get(name), workers, Duration.ofSeconds(2)); // warm-up
			}
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < names.size(); i++) {
					String name = names.get((round + i) % names.size());
					results.get(name).add(measure(variants.get(name), workers, roundLength));
				}
			}
			return results;
		}
		finally {
			for (HikariDataSource pool : List.of(plainPool, handRolledPool, transactionPool, unfoldedPool,
					sessionRandomPool, sessionStickyPool)) {
				pool.close();
			}
		}
	}

	private interface Variant {

		void transaction(int worker) throws SQLException;

	}

	private double measure(Variant variant, int workers, Duration length) throws InterruptedException {
		LongAdder done = new LongAdder();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CountDownLatch finished = new CountDownLatch(workers);
		long start = System.nanoTime();
		for (int w = 0; w < workers; w++) {
			int worker = w;
			Thread thread = new Thread(() -> {
				try {
					while (running.get()) {
						variant.transaction(worker);
						done.increment();
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
				finally {
					finished.countDown();
				}
			}, "bench-" + w);
			thread.start();
		}
		Thread.sleep(length.toMillis());
		running.set(false);
		finished.await();
		if (failure.get() != null) {
			throw new IllegalStateException("A benchmark transaction failed", failure.get());
		}
		return done.sum() / ((System.nanoTime() - start) / 1e9);
	}

	private Row randomRow() {
		return this.rows.get(ThreadLocalRandom.current().nextInt(this.rows.size()));
	}

	/** Worker w always serves the same tenant: rows are stored tenant by tenant. */
	private Row stickyRow(int worker) {
		int tenant = worker % this.tenants;
		return this.rows.get(tenant * this.rowsPerTenant + ThreadLocalRandom.current().nextInt(this.rowsPerTenant));
	}

	private static void query(DataSource dataSource, String table, Row row) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			expectRow(connection, table, row);
			connection.commit();
		}
	}

	private static void handRolled(DataSource dataSource, Row row) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			try (PreparedStatement set = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
				set.setString(1, SETTING);
				set.setString(2, row.tenant().value());
				set.executeQuery().close();
			}
			expectRow(connection, "bench_rls", row);
			connection.commit();
		}
	}

	private static void hooked(DataSource dataSource, Row row) throws SQLException {
		try (TenantContext.Scope scope = TenantContext.bind(row.tenant())) {
			query(dataSource, "bench_rls", row);
		}
	}

	private static void expectRow(Connection connection, String table, Row row) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("SELECT name FROM " + table + " WHERE id = ?")) {
			select.setObject(1, row.id());
			try (ResultSet result = select.executeQuery()) {
				if (!result.next()) {
					throw new IllegalStateException("Row " + row + " not visible in " + table);
				}
			}
		}
	}

	private HikariDataSource pool(int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(this.server.jdbcUrl(this.database));
		config.setUsername(this.role);
		config.setPassword(this.password);
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(size);
		config.setAutoCommit(false);
		return new HikariDataSource(config);
	}

}
