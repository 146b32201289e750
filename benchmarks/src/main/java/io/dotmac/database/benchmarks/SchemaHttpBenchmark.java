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
 * The sample app's {@code GET /api/customers/{id}} under load, in three JVMs started from the
 * same executable jar: with tenancy off (no filter, no hook, one customers table without
 * RLS), with schema per tenant ({@code dotmac.database.tenancy.strategy=schema}: tenant
 * filter, registry lookup, {@code search_path} per transaction, one schema per tenant), and
 * with Row-Level Security as shipped. Rounds alternate between them; each request asks for a
 * random customer of a random tenant.
 */
final class SchemaHttpBenchmark {

	private static final String TOKEN = "bench-token";

	private final PostgresServer server;

	private final String role;

	private final String password;

	private final Path jar;

	SchemaHttpBenchmark(PostgresServer server, String role, String password, Path jar) {
		this.server = server;
		this.role = role;
		this.password = password;
		this.jar = jar;
	}

	record Customer(String tenant, UUID id) {
	}

	Map<String, List<Double>> run(String plainDatabase, String schemaDatabase, String rlsDatabase, int tenants,
			int customersPerTenant, int workers, Duration roundLength, int rounds) throws Exception {
		try (AppProcess plain = AppProcess.start(this.jar, "schema-bench-no-tenancy", arguments(plainDatabase,
				List.of("--dotmac.database.rls.enabled=false", "--dotmac.database.tenancy.filter.enabled=false",
						"--dotmac.database.rls.audit.enabled=false")));
				AppProcess schema = AppProcess.start(this.jar, "schema-bench-schema",
						arguments(schemaDatabase, List.of("--dotmac.database.tenancy.strategy=schema")));
				AppProcess rls = AppProcess.start(this.jar, "schema-bench-rls", arguments(rlsDatabase, List.of()))) {
			try (Connection admin = adminConnection(plainDatabase); Statement statement = admin.createStatement()) {
				statement.execute("ALTER TABLE customers NO FORCE ROW LEVEL SECURITY");
				statement.execute("ALTER TABLE customers DISABLE ROW LEVEL SECURITY");
			}
			List<Customer> customers = new ArrayList<>();
			for (int t = 0; t < tenants; t++) {
				for (int c = 0; c < customersPerTenant; c++) {
					customers.add(new Customer("bench-" + t, UUID.randomUUID()));
				}
			}
			provision(schema, tenants);
			provision(rls, tenants);
			insert(plainDatabase, customers, false);
			insert(rlsDatabase, customers, false);
			insert(schemaDatabase, customers, true);
			HttpLoad load = new HttpLoad(workers);
			Map<String, AppProcess> apps = new LinkedHashMap<>();
			apps.put("no-tenancy", plain);
			apps.put("tenancy+schema", schema);
			apps.put("tenancy+rls", rls);
			Map<String, List<Double>> results = new LinkedHashMap<>();
			apps.keySet().forEach((name) -> results.put(name, new ArrayList<>()));
			for (AppProcess app : apps.values()) {
				load.run(() -> request(app, customers), 200, Duration.ofSeconds(15)); // warm-up
			}
			List<String> names = new ArrayList<>(apps.keySet());
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < names.size(); i++) {
					String name = names.get((round + i) % names.size());
					AppProcess app = apps.get(name);
					results.get(name).add(load.run(() -> request(app, customers), 200, roundLength).perSecond());
				}
			}
			return results;
		}
	}

	private List<String> arguments(String database, List<String> extra) {
		List<String> arguments = new ArrayList<>(List.of(
				"--spring.datasource.url=" + this.server.jdbcUrl(database), "--spring.datasource.username=" + this.role,
				"--spring.datasource.password=" + this.password, "--sample.admin-token=" + TOKEN,
				"--dotmac.database.embedded.redis.enabled=false", "--management.health.redis.enabled=false",
				"--logging.level.root=WARN",
				// The database path is measured, not the customers cache (which, fail-closed,
				// refuses the tenant-less requests of the no-tenancy variant).
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

	private static void provision(AppProcess app, int tenants) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		for (int t = 0; t < tenants; t++) {
			String tenant = "bench-" + t;
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(app.uri("/api/admin/tenants"))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + tenant + "\",\"name\":\"Bench " + t + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				throw new IllegalStateException("Provisioning " + tenant + " answered " + response.statusCode() + ": "
						+ response.body());
			}
		}
	}

	private void insert(String database, List<Customer> customers, boolean schemaPerTenant) throws SQLException {
		Timestamp now = Timestamp.from(Instant.now());
		try (Connection admin = adminConnection(database)) {
			Map<String, List<Customer>> byTable = new LinkedHashMap<>();
			for (Customer customer : customers) {
				String table = schemaPerTenant ? "\"t_" + customer.tenant() + "\".customers" : "customers";
				byTable.computeIfAbsent(table, (key) -> new ArrayList<>()).add(customer);
			}
			int n = 0;
			for (Map.Entry<String, List<Customer>> entry : byTable.entrySet()) {
				try (PreparedStatement insert = admin.prepareStatement("INSERT INTO " + entry.getKey()
						+ " (id, tenant_id, name, email, created_at, updated_at, version, created_by, updated_by,"
						+ " deleted_at, is_active) VALUES (?, ?, ?, ?, ?, ?, 0, 'bench', 'bench', NULL, true)")) {
					for (Customer customer : entry.getValue()) {
						insert.setObject(1, customer.id());
						insert.setString(2, customer.tenant());
						insert.setString(3, "Customer " + n);
						insert.setString(4, "c" + (n++) + "@example.com");
						insert.setTimestamp(5, now);
						insert.setTimestamp(6, now);
						insert.addBatch();
					}
					insert.executeBatch();
				}
				try (Statement statement = admin.createStatement()) {
					statement.execute("ANALYZE " + entry.getKey());
				}
			}
		}
	}

	private Connection adminConnection(String database) throws SQLException {
		return DriverManager.getConnection(this.server.jdbcUrl(database), this.server.adminUsername(),
				this.server.adminPassword());
	}

}
