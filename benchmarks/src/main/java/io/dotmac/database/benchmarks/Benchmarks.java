package io.dotmac.database.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.dotmac.database.embedded.EmbeddedPostgresServer;
import io.dotmac.database.embedded.PostgresAdmin;

/**
 * Entry point: {@code Benchmarks <name> <project root>}. Run through Maven, as
 * {@code docs/benchmarks.md} says, so that everything it needs is built first.
 */
public final class Benchmarks {

	private static final int ROUNDS = 7;

	private static final int HTTP_ROUNDS = 11;

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length >= 2 && args[0].equals("locks")) {
			LockBenchmark.run(Path.of(args[1]));
			return;
		}
		if (args.length >= 2 && args[0].equals("cache")) {
			CacheBenchmark.run(Path.of(args[1]));
			return;
		}
		if (args.length >= 2 && args[0].equals("migrations")) {
			MigrationBenchmark.run(Path.of(args[1]));
			return;
		}
		if (args.length < 2 || !List.of("rls", "schema").contains(args[0])) {
			System.err.println("usage: Benchmarks rls|schema|locks|cache|migrations <project root>");
			System.exit(2);
		}
		if (args[0].equals("schema")) {
			SchemaBenchmarks.run(Path.of(args[1]));
			return;
		}
		rls(Path.of(args[1]));
	}

	/** Issue 3's benchmark: what tenancy with Row-Level Security costs, at the JDBC level and over HTTP. */
	static void rls(Path root) throws Exception {
		Path jar = root.resolve("sample-app/target/dotmac-database-sample-app-0.1.0-SNAPSHOT-exec.jar");
		if (!Files.exists(jar)) {
			throw new IllegalStateException("Build the sample app first; missing " + jar);
		}
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
			PostgresAdmin admin = new PostgresAdmin(server);
			admin.createOrdinaryRole("bench_app", "bench");
			for (String database : List.of("bench_jdbc", "bench_http_rls", "bench_http_plain")) {
				admin.createDatabase(database, "bench_app");
			}
			String postgres = version(server);

			System.out.println("== JDBC: BEGIN; SELECT by primary key; COMMIT (4 workers, pool of 4, 100 tenants x 100 rows)");
			RlsJdbcBenchmark jdbc = new RlsJdbcBenchmark(server, "bench_jdbc", "bench_app", "bench");
			jdbc.prepare(100, 100);
			Map<String, List<Double>> jdbcRounds = jdbc.run(4, Duration.ofSeconds(5), ROUNDS);

			System.out.println("== HTTP: GET /api/customers/{id} of the sample app (8 connections, 20 tenants x 50 customers)");
			RlsHttpBenchmark http = new RlsHttpBenchmark(server, "bench_app", "bench", jar);
			RlsHttpBenchmark.Results httpRounds = http.run("bench_http_rls", "bench_http_plain", 20, 50, 8,
					Duration.ofSeconds(8), HTTP_ROUNDS);

			String body = report(postgres, jdbcRounds, httpRounds);
			System.out.println(body);
			new Report(root).appendSection("Tenancy with Row-Level Security (issue 3)", body);
			System.out.println(json(jdbcRounds, httpRounds));
		}
	}

	private static String report(String postgres, Map<String, List<Double>> jdbc, RlsHttpBenchmark.Results http) {
		StringBuilder out = new StringBuilder();
		out.append("Command: `mvn -B -pl benchmarks -am verify -DskipTests -Dbenchmark=rls`  \n");
		out.append("Machine: ").append(Report.machine(postgres)).append("  \n");
		out.append("Each figure is the median of its rounds (lowest–highest in brackets), rounds rotating between ")
			.append("variants after a warm-up. Ratios are medians of per-round ratios against the floor.\n\n");
		out.append("JDBC, `BEGIN; SELECT … WHERE id = ?; COMMIT` through HikariCP as an ordinary role, 4 workers, ")
			.append(ROUNDS + " rounds:\n\n");
		out.append(table(jdbc, "no-tenancy", "tx/s"));
		out.append("\n`hand-rolled` is the usual alternative: a separate `SELECT set_config(…, true)` per transaction. ")
			.append("Round trips per tenant transaction (counted on the wire by `RlsRoundTripTests`, run with every ")
			.append("build): transaction mode +0 when the first statement is a prepared statement (the setting is ")
			.append("folded into it), +1 unfolded; session mode +0 when the connection already carries the tenant, ")
			.append("+1 when it changes; tenant-less work +0.\n\n");
		out.append("HTTP, the sample app's `GET /api/customers/{id}` from a second process (")
			.append(http.driver())
			.append("), " + HTTP_ROUNDS + " rounds of 8 s:\n\n");
		out.append(table(http.perSecond(), "no-tenancy", "req/s"));
		out.append("\nCPU per request (the app's JVM plus its PostgreSQL backends, from /proc; lower is better):\n\n");
		out.append(table(http.cpuMicrosPerRequest(), "no-tenancy", "µs CPU/request"));
		out.append("\nThe same, split between the app's JVM and its PostgreSQL backends (medians, µs per request):\n\n");
		out.append(cpuSplit(http));
		out.append("\n`tenancy+rls` is the sample as shipped: header resolution, registry lookup (cached), the RLS ")
			.append("hook in transaction mode with the setting folded into the query, and a FORCEd policy. ")
			.append("`unfolded` is the same with `dotmac.database.rls.fold-into-first-statement=false`. ")
			.append("`no-tenancy` is the same jar with the filter and the hook off and RLS disabled on the table. ")
			.append("Goal: ≥ 95 % of no-tenancy throughput.\n");
		return out.toString();
	}

	private static String cpuSplit(RlsHttpBenchmark.Results http) {
		StringBuilder out = new StringBuilder("| variant | app JVM | PostgreSQL |\n|---|---|---|\n");
		http.applicationCpuMicros().forEach((name, values) -> out.append("| ").append(name).append(" | ")
			.append(String.format("%.1f", Stats.of(values).median())).append(" | ")
			.append(String.format("%.1f", Stats.of(http.databaseCpuMicros().get(name)).median())).append(" |\n"));
		return out.toString();
	}

	static String table(Map<String, List<Double>> rounds, String floor, String unit) {
		StringBuilder out = new StringBuilder("| variant | " + unit + " | vs " + floor + " |\n|---|---|---|\n");
		rounds.forEach((name, values) -> out.append("| ").append(name).append(" | ")
			.append(Stats.of(values).format(""))
			.append(" | ")
			.append(String.format("%.3f", Stats.pairwiseRatios(values, rounds.get(floor)).median()))
			.append(" |\n"));
		return out.toString();
	}

	private static String json(Map<String, List<Double>> jdbc, RlsHttpBenchmark.Results http) {
		return "{\"benchmark\":\"rls\",\"jdbc_tps\":" + medians(jdbc) + ",\"jdbc_ratio_vs_no_tenancy\":"
				+ ratios(jdbc, "no-tenancy") + ",\"http_rps\":" + medians(http.perSecond())
				+ ",\"http_ratio_vs_no_tenancy\":" + ratios(http.perSecond(), "no-tenancy")
				+ ",\"http_cpu_us_per_request\":" + medians(http.cpuMicrosPerRequest())
				+ ",\"http_app_cpu_us_per_request\":" + medians(http.applicationCpuMicros())
				+ ",\"http_db_cpu_us_per_request\":" + medians(http.databaseCpuMicros()) + "}";
	}

	static String medians(Map<String, List<Double>> rounds) {
		return rounds.entrySet().stream()
			.map((e) -> "\"" + e.getKey() + "\":" + String.format("%.1f", Stats.of(e.getValue()).median()))
			.collect(Collectors.joining(",", "{", "}"));
	}

	static String ratios(Map<String, List<Double>> rounds, String floor) {
		Map<String, Double> ratios = new LinkedHashMap<>();
		rounds.forEach((name, values) -> ratios.put(name, Stats.pairwiseRatios(values, rounds.get(floor)).median()));
		return ratios.entrySet().stream()
			.map((e) -> "\"" + e.getKey() + "\":" + String.format("%.3f", e.getValue()))
			.collect(Collectors.joining(",", "{", "}"));
	}

	static String version(EmbeddedPostgresServer server) throws Exception {
		try (Connection connection = DriverManager.getConnection(server.adminJdbcUrl(), server.adminUsername(),
				server.adminPassword()); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW server_version")) {
			result.next();
			return "PostgreSQL " + result.getString(1) + " (embedded)";
		}
	}

}
