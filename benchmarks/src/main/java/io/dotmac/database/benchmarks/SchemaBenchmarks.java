package io.dotmac.database.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.dotmac.database.embedded.EmbeddedPostgresServer;
import io.dotmac.database.embedded.PostgresAdmin;

/**
 * Issue 4's benchmark: provisioning a tenant with schema per tenant (fresh against the
 * fast path), and the request overhead of schema switching against no tenancy (and RLS),
 * side by side in one run.
 */
final class SchemaBenchmarks {

	private static final int ROUNDS = 5;

	private static final int TABLES = 40;

	private SchemaBenchmarks() {
	}

	static void run(Path root) throws Exception {
		Path jar = root.resolve("sample-app/target/dotmac-database-sample-app-0.1.0-SNAPSHOT-exec.jar");
		if (!Files.exists(jar)) {
			throw new IllegalStateException("Build the sample app first; missing " + jar);
		}
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
			PostgresAdmin admin = new PostgresAdmin(server);
			admin.createOrdinaryRole("bench_app", "bench");
			for (String database : List.of("bench_provision", "bench_http_plain", "bench_http_schema",
					"bench_http_rls")) {
				admin.createDatabase(database, "bench_app");
			}
			String postgres = Benchmarks.version(server);

			System.out.println("== Provisioning one tenant, " + TABLES + " tables: fresh (changelog) vs fast path (clone)");
			SchemaProvisioningBenchmark.Result provisioning = new SchemaProvisioningBenchmark(server,
					"bench_provision", "bench_app", "bench")
				.run(TABLES, 5, ROUNDS);

			System.out.println("== HTTP: GET /api/customers/{id} (8 connections, 20 tenants x 50 customers)");
			Map<String, List<Double>> http = new SchemaHttpBenchmark(server, "bench_app", "bench", jar)
				.run("bench_http_plain", "bench_http_schema", "bench_http_rls", 20, 50, 8, Duration.ofSeconds(6),
						ROUNDS);

			String body = report(postgres, provisioning, http);
			System.out.println(body);
			new Report(root).appendSection("Schema per tenant: provisioning and request overhead (issue 4)", body);
			System.out.println(json(provisioning, http));
		}
	}

	private static String report(String postgres, SchemaProvisioningBenchmark.Result provisioning,
			Map<String, List<Double>> http) {
		Map<String, List<Double>> millis = provisioning.millisPerTenant();
		StringBuilder out = new StringBuilder();
		out.append("Command: `mvn -B -pl benchmarks -am verify -DskipTests -Dbenchmark=schema`  \n");
		out.append("Machine: ").append(Report.machine(postgres)).append("  \n");
		out.append("Each figure is the median of " + ROUNDS + " rounds (lowest–highest in brackets), rounds alternating ")
			.append("between variants after a warm-up.\n\n");
		out.append("Provisioning one tenant through `TenantProvisioner.create` (registry row, schema, " + TABLES)
			.append(" tables with identity key, index and foreign key, activation), 5 tenants per round, ms per tenant:\n\n");
		out.append("| variant | ms per tenant | vs fresh |\n|---|---|---|\n");
		millis.forEach((name, values) -> out.append("| ").append(name).append(" | ")
			.append(String.format("%.1f (%.1f–%.1f)", Stats.of(values).median(), Stats.of(values).min(),
					Stats.of(values).max()))
			.append(" | ")
			.append(String.format("%.3f", Stats.pairwiseRatios(values, millis.get("fresh (changelog)")).median()))
			.append(" |\n"));
		out.append(String.format("%nThe fast path migrates the template schema once per application start "
				+ "(here %.0f ms, not counted above), then clones it in one transaction and one round trip.%n%n",
				provisioning.templateMillis()));
		out.append("HTTP, the sample app's `GET /api/customers/{id}` from a second process, 8 connections:\n\n");
		out.append(Benchmarks.table(http, "no-tenancy", "req/s"));
		out.append("\n`tenancy+schema` is the sample with `dotmac.database.tenancy.strategy=schema`: header ")
			.append("resolution, registry lookup (cached), `search_path` set per transaction (with the schema's ")
			.append("existence checked in the same statement), one schema per tenant, Hibernate multi-tenancy. ")
			.append("`tenancy+rls` is the sample as shipped. `no-tenancy` is the same jar with filter and hook off ")
			.append("and one customers table without RLS.\n");
		return out.toString();
	}

	private static String json(SchemaProvisioningBenchmark.Result provisioning, Map<String, List<Double>> http) {
		return "{\"benchmark\":\"schema\",\"provision_ms_per_tenant\":" + millis(provisioning.millisPerTenant())
				+ ",\"template_ms\":" + String.format("%.1f", provisioning.templateMillis()) + ",\"http_rps\":"
				+ Benchmarks.medians(http) + ",\"http_ratio_vs_no_tenancy\":" + Benchmarks.ratios(http, "no-tenancy")
				+ "}";
	}

	private static String millis(Map<String, List<Double>> rounds) {
		StringBuilder out = new StringBuilder("{");
		rounds.forEach((name, values) -> out.append(out.length() > 1 ? "," : "").append('"').append(name)
			.append("\":").append(String.format("%.1f", Stats.of(values).median())));
		return out.append('}').toString();
	}

}
