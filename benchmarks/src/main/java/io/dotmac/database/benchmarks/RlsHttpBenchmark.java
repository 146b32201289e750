package io.dotmac.database.benchmarks;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.dotmac.database.embedded.PostgresServer;

/**
 * The sample app's {@code GET /api/customers/{id}} under load, in three JVMs started from
 * the same executable jar: one as shipped (tenant filter, registry lookup, RLS hook with
 * the setting folded into the query, FORCEd policy), one the same with folding off, one
 * with tenancy off (no filter, no hook, RLS disabled on the table). Rounds rotate between
 * them; each request asks for a random customer of a random tenant. Load comes from
 * {@code wrk} when it is installed, else from {@link HttpLoad}; besides throughput each
 * round records the CPU the app and its database backends spent per request.
 */
final class RlsHttpBenchmark {

	private static final String TOKEN = "bench-token";

	private final PostgresServer server;

	private final String role;

	private final String password;

	private final Path jar;

	RlsHttpBenchmark(PostgresServer server, String role, String password, Path jar) {
		this.server = server;
		this.role = role;
		this.password = password;
		this.jar = jar;
	}

	record Customer(String tenant, UUID id) {
	}

	/** Requests per second and CPU microseconds per request, per variant, one entry per round. */
	record Results(Map<String, List<Double>> perSecond, Map<String, List<Double>> cpuMicrosPerRequest,
			Map<String, List<Double>> applicationCpuMicros, Map<String, List<Double>> databaseCpuMicros,
			String driver) {
	}

	Results run(String tenancyDatabase, String plainDatabase, int tenants, int customersPerTenant, int connections,
			Duration roundLength, int rounds) throws Exception {
		try (AppProcess tenancy = AppProcess.start(this.jar, "tenancy", arguments(tenancyDatabase, List.of()));
				AppProcess unfolded = AppProcess.start(this.jar, "tenancy-unfolded", arguments(tenancyDatabase,
						List.of("--dotmac.database.rls.fold-into-first-statement=false")));
				AppProcess plain = AppProcess.start(this.jar, "no-tenancy", arguments(plainDatabase,
						List.of("--dotmac.database.rls.enabled=false", "--dotmac.database.tenancy.filter.enabled=false",
								"--dotmac.database.rls.audit.enabled=false")))) {
			try (Connection admin = adminConnection(plainDatabase); Statement statement = admin.createStatement()) {
				statement.execute("ALTER TABLE customers NO FORCE ROW LEVEL SECURITY");
				statement.execute("ALTER TABLE customers DISABLE ROW LEVEL SECURITY");
			}
			List<Customer> customers = seed(tenancy, tenancyDatabase, plainDatabase, tenants, customersPerTenant);
			Map<String, AppProcess> apps = new LinkedHashMap<>();
			apps.put("no-tenancy", plain);
			apps.put("tenancy+rls", tenancy);
			apps.put("tenancy+rls, unfolded", unfolded);
			Map<String, String> databases = Map.of("no-tenancy", plainDatabase, "tenancy+rls", tenancyDatabase,
					"tenancy+rls, unfolded", tenancyDatabase);
			Round round = round(customers, connections);
			Map<String, List<Double>> perSecond = new LinkedHashMap<>();
			Map<String, List<Double>> cpu = new LinkedHashMap<>();
			Map<String, List<Double>> applicationCpu = new LinkedHashMap<>();
			Map<String, List<Double>> databaseCpu = new LinkedHashMap<>();
			apps.keySet().forEach((name) -> {
				perSecond.put(name, new ArrayList<>());
				cpu.put(name, new ArrayList<>());
				applicationCpu.put(name, new ArrayList<>());
				databaseCpu.put(name, new ArrayList<>());
			});
			for (AppProcess app : apps.values()) {
				// Warm-up, a minute per app: the JIT (the tenancy app has more code to compile),
				// pools, caches. Shorter warm-ups measured the tenancy app before it was compiled.
				round.run(app, Duration.ofSeconds(60));
			}
			List<String> names = new ArrayList<>(apps.keySet());
			for (int r = 0; r < rounds; r++) {
				for (int i = 0; i < names.size(); i++) {
					String name = names.get((r + i) % names.size());
					AppProcess app = apps.get(name);
					CpuMeter meter = new CpuMeter(app.pid(), databases.get(name));
					CpuMeter.Reading before = meter.read();
					WrkLoad.Result result = round.run(app, roundLength);
					perSecond.get(name).add(result.perSecond());
					CpuMeter.Reading after = meter.read();
					cpu.get(name).add(after.microsPerRequest(before, result.requests()));
					applicationCpu.get(name).add(after.applicationMicrosPerRequest(before, result.requests()));
					databaseCpu.get(name).add(after.databaseMicrosPerRequest(before, result.requests()));
				}
			}
			return new Results(perSecond, cpu, applicationCpu, databaseCpu, round.driver());
		}
	}

	/** One round of load against an app: wrk when installed, else the Java driver. */
	private interface Round {

		WrkLoad.Result run(AppProcess app, Duration length) throws Exception;

		String driver();

	}

	private Round round(List<Customer> customers, int connections) throws Exception {
		if (WrkLoad.available()) {
			WrkLoad wrk = WrkLoad.of(customers.stream().map((c) -> "/api/customers/" + c.id()).toList(), "X-Tenant-ID",
					customers.stream().map(Customer::tenant).toList(), connections);
			return new Round() {
				@Override
				public WrkLoad.Result run(AppProcess app, Duration length) throws Exception {
					return wrk.run(app.baseUri(), length);
				}

				@Override
				public String driver() {
					return "wrk, 1 thread, " + connections + " connections";
				}
			};
		}
		HttpLoad load = new HttpLoad(connections);
		return new Round() {
			@Override
			public WrkLoad.Result run(AppProcess app, Duration length) throws Exception {
				HttpLoad.Result result = load.run(() -> request(app, customers), 200, length);
				return new WrkLoad.Result(result.requests(), result.perSecond());
			}

			@Override
			public String driver() {
				return "a Java HttpClient driver (wrk not installed), " + connections + " connections";
			}
		};
	}

	private List<String> arguments(String database, List<String> extra) {
		List<String> arguments = new ArrayList<>(List.of(
				"--spring.datasource.url=jdbc:postgresql://" + this.server.host() + ":" + this.server.port() + "/"
						+ database,
				"--spring.datasource.username=" + this.role, "--spring.datasource.password=" + this.password,
				"--sample.admin-token=" + TOKEN, "--dotmac.database.embedded.redis.enabled=false",
				"--management.health.redis.enabled=false", "--logging.level.root=WARN",
				// The database path is measured, not the customers cache.
				"--spring.cache.type=none"));
		arguments.addAll(extra);
		return arguments;
	}

	private static HttpRequest request(AppProcess app, List<Customer> customers) {
		Customer customer = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
		return HttpRequest.newBuilder(app.uri("/api/customers/" + customer.id()))
			.header("X-Tenant-ID", customer.tenant())
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
	}

	/** Tenants through the admin API (so the registry is real); the same customers in both databases. */
	private List<Customer> seed(AppProcess tenancy, String tenancyDatabase, String plainDatabase, int tenants,
			int customersPerTenant) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		List<Customer> customers = new ArrayList<>();
		for (int t = 0; t < tenants; t++) {
			String tenant = "bench-" + t;
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(tenancy.uri("/api/admin/tenants"))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + tenant + "\",\"name\":\"Bench " + t + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				throw new IllegalStateException("Provisioning " + tenant + " answered " + response.statusCode() + ": "
						+ response.body());
			}
			for (int c = 0; c < customersPerTenant; c++) {
				customers.add(new Customer(tenant, UUID.randomUUID()));
			}
		}
		for (String database : List.of(tenancyDatabase, plainDatabase)) {
			insert(database, customers);
		}
		return customers;
	}

	private void insert(String database, List<Customer> customers) throws SQLException {
		Timestamp now = Timestamp.from(Instant.now());
		try (Connection admin = adminConnection(database); PreparedStatement insert = admin.prepareStatement(
				"INSERT INTO customers (id, tenant_id, name, email, created_at, updated_at, version, created_by, "
						+ "updated_by, deleted_at, is_active) VALUES (?, ?, ?, ?, ?, ?, 0, 'bench', 'bench', NULL, true)")) {
			int n = 0;
			for (Customer customer : customers) {
				insert.setObject(1, customer.id());
				insert.setString(2, customer.tenant());
				insert.setString(3, "Customer " + n);
				insert.setString(4, "c" + (n++) + "@example.com");
				insert.setTimestamp(5, now);
				insert.setTimestamp(6, now);
				insert.addBatch();
			}
			insert.executeBatch();
			try (Statement statement = admin.createStatement()) {
				statement.execute("ANALYZE customers");
			}
		}
	}

	private Connection adminConnection(String database) throws SQLException {
		return DriverManager.getConnection(this.server.jdbcUrl(database), this.server.adminUsername(),
				this.server.adminPassword());
	}

}
