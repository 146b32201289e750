package io.dotmac.database.benchmarks;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;

import io.dotmac.database.embedded.EmbeddedPostgresServer;
import io.dotmac.database.embedded.PostgresAdmin;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationStatus;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.TenantSelection;
import io.dotmac.database.tenant.TenantId;

/**
 * Issue 5's benchmark: bringing many tenant schemas to the head of a changelog, in one run,
 * side by side: (a) Liquibase's {@code MultiTenantSpringLiquibase} loop, (b) the same DDL by
 * plain JDBC on 1 and on {@code parallelism} threads, (c) our engine through
 * {@link TenantMigrations#upgrade}. Each variant has its own database holding the same
 * schemas ({@code t_b00000}, ...), empty at the start.
 * <ol>
 * <li>cold: {@code schemas} schemas × {@code changeSets} changesets;</li>
 * <li>nothing pending: the naive loop over every schema against our startup decision;</li>
 * <li>rollout: one new changeset to every schema;</li>
 * <li>startup with {@code tenants} up-to-date tenants (ours only).</li>
 * </ol>
 * Phases 1–3 split the schemas into {@code rounds} slices; each round gives every variant its
 * next slice, the order rotating, so machine drift hits all variants alike. Settings (system
 * properties, passed on by the Maven profile): {@code migrations.schemas} (1000),
 * {@code migrations.tenants} (10000), {@code migrations.rounds} (5),
 * {@code migrations.parallelism} (4), {@code migrations.report} (true: append to
 * docs/benchmarks.md).
 */
final class MigrationBenchmark {

	private static final int CHANGE_SETS = 10;

	/** Held so that the level set on it is not lost when the logger is collected. */
	private static final java.util.logging.Logger LIQUIBASE_LOG = java.util.logging.Logger.getLogger("liquibase");

	private static final int WARM_UP_SCHEMAS = 3;

	private static final String NAIVE = "naive loop (MultiTenantSpringLiquibase)";

	private static final String RAW_1 = "raw JDBC, 1 thread";

	private static final String OURS = "dotmac (TenantMigrations.upgrade)";

	private final int schemas;

	private final int tenants;

	private final int rounds;

	private final int parallelism;

	private final String rawN;

	private MigrationBenchmark(int schemas, int tenants, int rounds, int parallelism) {
		if (schemas < rounds || rounds < 1 || parallelism < 1) {
			throw new IllegalArgumentException("Need migrations.schemas >= migrations.rounds >= 1 and parallelism >= 1");
		}
		this.schemas = schemas;
		this.tenants = Math.max(tenants, schemas);
		this.rounds = rounds;
		this.parallelism = parallelism;
		this.rawN = "raw JDBC, " + parallelism + " threads";
	}

	static void run(Path root) throws Exception {
		// Liquibase logs (through java.util.logging) every changeset and schema at INFO: tens of
		// thousands of lines per run otherwise.
		LIQUIBASE_LOG.setLevel(java.util.logging.Level.WARNING);
		System.setProperty("liquibase.analytics.enabled", "false");
		MigrationBenchmark benchmark = new MigrationBenchmark(Integer.getInteger("migrations.schemas", 1000),
				Integer.getInteger("migrations.tenants", 10_000), Integer.getInteger("migrations.rounds", 5),
				Integer.getInteger("migrations.parallelism", 4));
		boolean writeReport = Boolean.parseBoolean(System.getProperty("migrations.report", "true"));
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start();
				MigrationWorkload workload = MigrationWorkload.create(CHANGE_SETS)) {
			PostgresAdmin admin = new PostgresAdmin(server);
			admin.createOrdinaryRole("bench_app", "bench");
			for (String database : List.of("bench_mig_warmup", "bench_mig_naive", "bench_mig_raw1", "bench_mig_rawn",
					"bench_mig_ours")) {
				admin.createDatabase(database, "bench_app");
			}
			String postgres = Benchmarks.version(server);
			Results results = benchmark.measure(server, workload);
			String body = benchmark.report(postgres, results);
			System.out.println(body);
			if (writeReport) {
				new Report(root).appendSection("Tenant-aware migrations: fan-out to many schemas (issue 5)", body);
			}
			System.out.println(benchmark.json(results));
		}
	}

	/** Everything measured, in milliseconds. */
	static final class Results {

		final Map<String, List<Double>> coldPerSchema = new LinkedHashMap<>();

		final List<Double> naiveIdlePerSchema = new ArrayList<>();

		double naiveIdleTotal;

		final List<Double> oursIdleTotal = new ArrayList<>();

		final Map<String, List<Double>> rolloutPerSchema = new LinkedHashMap<>();

		final Map<String, Double> rolloutTotal = new LinkedHashMap<>();

		final List<Double> startupAtScale = new ArrayList<>();

		final List<Double> statusAtScale = new ArrayList<>();

		double stampMillis = Double.NaN;

		boolean ours;

	}

	private Results measure(EmbeddedPostgresServer server, MigrationWorkload workload) throws Exception {
		Results results = new Results();
		try (HikariDataSource warmup = pool(server, "bench_mig_warmup");
				HikariDataSource naive = pool(server, "bench_mig_naive");
				HikariDataSource raw1 = pool(server, "bench_mig_raw1");
				HikariDataSource rawN = pool(server, "bench_mig_rawn");
				HikariDataSource ours = pool(server, "bench_mig_ours")) {
			List<String> ids = ids("b", 0, this.schemas);
			for (HikariDataSource each : List.of(naive, raw1, rawN, ours)) {
				createSchemas(each, ids);
			}
			OurMigrations.initialize(ours);
			register(ours, ids);
			TenantMigrations probe = OurMigrations.create(ours, workload.base(), MigrationWorkload.CHANGELOG,
					this.parallelism);
			results.ours = probe != null;
			if (!results.ours) {
				System.out.println("!! Variant (c) is not measured: OurMigrations.create returned no engine.");
			}
			warmUp(warmup, workload, results.ours);

			List<List<String>> slices = slices(ids);
			List<String> changeSets = MigrationWorkload.ddl(0, CHANGE_SETS);
			List<String> variants = new ArrayList<>(List.of(NAIVE, RAW_1, this.rawN));
			if (results.ours) {
				variants.add(OURS);
			}

			System.out.println("== Cold: " + this.schemas + " schemas x " + CHANGE_SETS + " changesets, "
					+ this.rounds + " rounds");
			variants.forEach((name) -> results.coldPerSchema.put(name, new ArrayList<>()));
			for (int round = 0; round < this.rounds; round++) {
				List<String> slice = slices.get(round);
				for (String name : rotate(variants, round)) {
					double millis = switch (name) {
						case NAIVE -> MigrationVariants.naive(naive, workload.base(), schemas(slice));
						case RAW_1 -> MigrationVariants.raw(raw1, schemas(slice), changeSets, 1);
						case OURS -> upgrade(probe, slice);
						default -> MigrationVariants.raw(rawN, schemas(slice), changeSets, this.parallelism);
					};
					results.coldPerSchema.get(name).add(millis / slice.size());
					System.out.printf(Locale.ROOT, "   round %d %-40s %8.1f ms/schema%n", round, name,
							millis / slice.size());
				}
			}
			for (HikariDataSource each : results.ours ? List.of(naive, raw1, rawN, ours) : List.of(naive, raw1, rawN)) {
				checkTables(each, CHANGE_SETS);
			}

			System.out.println("== Nothing pending: the naive loop over every schema vs our startup decision");
			for (int round = 0; round < this.rounds; round++) {
				List<String> slice = slices.get(round);
				for (String name : rotate(results.ours ? List.of(NAIVE, OURS) : List.of(NAIVE), round)) {
					if (name.equals(NAIVE)) {
						double millis = MigrationVariants.naive(naive, workload.base(), schemas(slice));
						results.naiveIdleTotal += millis;
						results.naiveIdlePerSchema.add(millis / slice.size());
					}
					else {
						results.oursIdleTotal.add(startup(ours, workload.base(), 0));
					}
				}
			}

			System.out.println("== Rollout: one new changeset to every schema");
			List<String> newChangeSet = MigrationWorkload.ddl(CHANGE_SETS);
			TenantMigrations next = results.ours
					? OurMigrations.create(ours, workload.next(), MigrationWorkload.CHANGELOG, this.parallelism) : null;
			variants.forEach((name) -> {
				results.rolloutPerSchema.put(name, new ArrayList<>());
				results.rolloutTotal.put(name, 0.0);
			});
			for (int round = 0; round < this.rounds; round++) {
				List<String> slice = slices.get(round);
				for (String name : rotate(variants, round)) {
					double millis = switch (name) {
						case NAIVE -> MigrationVariants.naive(naive, workload.next(), schemas(slice));
						case RAW_1 -> MigrationVariants.raw(raw1, schemas(slice), newChangeSet, 1);
						case OURS -> upgrade(next, slice);
						default -> MigrationVariants.raw(rawN, schemas(slice), newChangeSet, this.parallelism);
					};
					results.rolloutPerSchema.get(name).add(millis / slice.size());
					results.rolloutTotal.merge(name, millis, Double::sum);
				}
			}
			for (HikariDataSource each : results.ours ? List.of(naive, raw1, rawN, ours) : List.of(naive, raw1, rawN)) {
				checkTables(each, CHANGE_SETS + 1);
			}

			if (results.ours) {
				atScale(ours, workload, next, results);
			}
		}
		return results;
	}

	/**
	 * Startup with {@code tenants} up-to-date tenants. The first {@code schemas} were migrated
	 * for real above. The others are registered by SQL, given empty schemas, and stamped
	 * through {@link TenantMigrations#stamp} (which writes their history and state rows without
	 * running the DDL): their schemas hold no tables, which no startup decision looks at.
	 */
	private void atScale(HikariDataSource ours, MigrationWorkload workload, TenantMigrations next, Results results)
			throws Exception {
		List<String> extra = ids("b", this.schemas, this.tenants);
		if (!extra.isEmpty()) {
			System.out.println("== Registering and stamping " + extra.size() + " more tenants (setup, not measured)");
			createSchemas(ours, extra);
			register(ours, extra);
			long start = System.nanoTime();
			MigrationReport stamped = next.stamp(MigrationRequest.allTenants()
				.withShared(false)
				.withTenants(TenantSelection.of(extra.stream().map(TenantId::of).toList()))
				.withParallelism(this.parallelism));
			results.stampMillis = (System.nanoTime() - start) / 1e6;
			stamped.throwIfFailed();
		}
		System.out.println("== Startup with " + this.tenants + " up-to-date tenants");
		for (int round = 0; round < this.rounds; round++) {
			results.startupAtScale.add(startup(ours, workload.next(), 0));
			TenantMigrations engine = OurMigrations.create(ours, workload.next(), MigrationWorkload.CHANGELOG,
					this.parallelism);
			long start = System.nanoTime();
			List<MigrationStatus> statuses = engine.status(MigrationRequest.allTenants());
			results.statusAtScale.add((System.nanoTime() - start) / 1e6);
			long upToDate = statuses.stream().filter((s) -> s.state() == MigrationState.UP_TO_DATE).count();
			if (upToDate < this.tenants) {
				throw new IllegalStateException("Expected " + this.tenants + " up-to-date units, status says " + upToDate);
			}
		}
	}

	/** A new engine and a run over every tenant that must find nothing to do, timed together. */
	private double startup(HikariDataSource ours, ClassLoader changelogs, int expectedChangeSets) {
		MigrationVariants.forgetUpToDateSchemas();
		long start = System.nanoTime();
		TenantMigrations engine = OurMigrations.create(ours, changelogs, MigrationWorkload.CHANGELOG,
				this.parallelism);
		MigrationReport report = engine.upgrade(MigrationRequest.allTenants().withParallelism(this.parallelism));
		double millis = (System.nanoTime() - start) / 1e6;
		report.throwIfFailed();
		if (report.changeSetCount() != expectedChangeSets) {
			throw new IllegalStateException("A startup with nothing pending applied " + report.changeSetCount()
					+ " changesets");
		}
		return millis;
	}

	private double upgrade(TenantMigrations engine, List<String> tenants) {
		MigrationRequest request = MigrationRequest.allTenants()
			.withShared(false)
			.withTenants(TenantSelection.of(tenants.stream().map(TenantId::of).toList()))
			.withParallelism(this.parallelism);
		MigrationVariants.forgetUpToDateSchemas();
		long start = System.nanoTime();
		MigrationReport report = engine.upgrade(request);
		double millis = (System.nanoTime() - start) / 1e6;
		report.throwIfFailed();
		return millis;
	}

	/** JIT, Liquibase's service discovery and the pools, once per variant, in their own database. */
	private void warmUp(HikariDataSource warmup, MigrationWorkload workload, boolean ours) throws Exception {
		System.out.println("== Warm-up");
		List<String> naive = ids("wn", 0, WARM_UP_SCHEMAS);
		List<String> raw = ids("wr", 0, WARM_UP_SCHEMAS);
		List<String> own = ids("wo", 0, WARM_UP_SCHEMAS);
		createSchemas(warmup, naive);
		createSchemas(warmup, raw);
		MigrationVariants.naive(warmup, workload.base(), schemas(naive));
		MigrationVariants.raw(warmup, schemas(raw), MigrationWorkload.ddl(0, CHANGE_SETS), this.parallelism);
		if (ours) {
			OurMigrations.initialize(warmup);
			createSchemas(warmup, own);
			register(warmup, own);
			upgrade(OurMigrations.create(warmup, workload.base(), MigrationWorkload.CHANGELOG, this.parallelism), own);
		}
	}

	private HikariDataSource pool(EmbeddedPostgresServer server, String database) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(server.jdbcUrl(database));
		pool.setUsername("bench_app");
		pool.setPassword("bench");
		pool.setMaximumPoolSize(this.parallelism + 2);
		pool.setPoolName(database);
		return pool;
	}

	/** Tenant ids {@code <prefix>00000} ... in the registry's spelling. */
	private static List<String> ids(String prefix, int from, int to) {
		List<String> ids = new ArrayList<>();
		for (int i = from; i < to; i++) {
			ids.add(String.format(Locale.ROOT, "%s%05d", prefix, i));
		}
		return ids;
	}

	/** The default schema naming: {@code t_<tenant>}. */
	private static List<String> schemas(List<String> tenants) {
		return tenants.stream().map((tenant) -> "t_" + tenant).toList();
	}

	private static void createSchemas(HikariDataSource dataSource, List<String> tenants) throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			int pending = 0;
			for (String schema : schemas(tenants)) {
				statement.addBatch("CREATE SCHEMA \"" + schema + "\"");
				if (++pending == 500) {
					statement.executeBatch();
					connection.commit();
					pending = 0;
				}
			}
			statement.executeBatch();
			connection.commit();
		}
	}

	private static void register(HikariDataSource dataSource, List<String> tenants) throws Exception {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO public.dotmac_tenants (id, name, status) VALUES (?, ?, 'ACTIVE')")) {
			connection.setAutoCommit(false);
			for (String tenant : tenants) {
				insert.setString(1, tenant);
				insert.setString(2, "Bench " + tenant);
				insert.addBatch();
			}
			insert.executeBatch();
			connection.commit();
		}
	}

	/** Every variant must have built the same tables: a benchmark of wrong work proves nothing. */
	private void checkTables(HikariDataSource dataSource, int changeSets) throws Exception {
		Map<String, Long> wrong = new LinkedHashMap<>();
		long total = 0;
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT schemaname, count(*) FROM pg_tables "
						+ "WHERE tablename LIKE 'table\\_%' GROUP BY schemaname ORDER BY schemaname")) {
			while (result.next()) {
				boolean tenant = result.getString(1).startsWith("t_b");
				total += tenant ? result.getLong(2) : 0;
				if (!tenant || result.getLong(2) != changeSets) {
					wrong.put(result.getString(1), result.getLong(2));
				}
			}
		}
		long expected = (long) this.schemas * changeSets;
		if (total != expected || !wrong.isEmpty()) {
			throw new IllegalStateException(dataSource.getPoolName() + " has " + total + " tables in tenant schemas, "
					+ "expected " + expected + "; schemas with other counts: " + wrong);
		}
	}

	private List<List<String>> slices(List<String> ids) {
		List<List<String>> slices = new ArrayList<>();
		int size = ids.size() / this.rounds;
		for (int round = 0; round < this.rounds; round++) {
			int end = (round == this.rounds - 1) ? ids.size() : (round + 1) * size;
			slices.add(ids.subList(round * size, end));
		}
		return slices;
	}

	private static List<String> rotate(List<String> variants, int round) {
		List<String> order = new ArrayList<>();
		for (int i = 0; i < variants.size(); i++) {
			order.add(variants.get((round + i) % variants.size()));
		}
		return order;
	}

	private String report(String postgres, Results r) {
		StringBuilder out = new StringBuilder();
		out.append("Command: `mvn -B -pl benchmarks -am verify -DskipTests -Dbenchmark=migrations`  \n");
		out.append("Machine: ").append(Report.machine(postgres)).append("  \n");
		out.append(String.format(Locale.ROOT,
				"Workload: %d tenant schemas × %d changesets (each a Liquibase `createTable` with an identity key and "
						+ "three columns, plus a `createIndex`), then one more changeset of the same kind. Each variant "
						+ "has its own database with the same empty schemas, created beforehand. The schemas are cut "
						+ "into %d slices; in each round every variant does its next slice, the order rotating; figures "
						+ "are the median of the rounds (lowest–highest in brackets), ratios the median of per-round "
						+ "ratios. Our engine and the %d-thread floor use %d schemas at once.%n%n",
				this.schemas, CHANGE_SETS, this.rounds, this.parallelism, this.parallelism));
		out.append("Cold, ms per schema:\n\n");
		out.append(perSchemaTable(r.coldPerSchema));
		out.append("\nNothing pending (a restart):\n\n| variant | time | per schema |\n|---|---|---|\n");
		out.append(String.format(Locale.ROOT, "| %s | %.0f ms (one pass over all %d schemas) | %s |%n", NAIVE,
				r.naiveIdleTotal, this.schemas, millis(Stats.of(r.naiveIdlePerSchema))));
		if (r.ours) {
			out.append(String.format(Locale.ROOT,
					"| %s, new engine + `upgrade(allTenants())` | %s | — |%n", OURS, millis(Stats.of(r.oursIdleTotal))));
		}
		out.append("\nOne new changeset to every schema:\n\n");
		out.append(perSchemaTable(r.rolloutPerSchema));
		out.append("\nTotals for all ").append(this.schemas).append(" schemas (sum of the rounds): ");
		out.append(r.rolloutTotal.entrySet()
			.stream()
			.map((e) -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue()))
			.collect(Collectors.joining("; ")));
		out.append(".\n");
		if (r.ours) {
			out.append(String.format(Locale.ROOT,
					"%nStartup with %d up-to-date tenants (new engine + `upgrade(allTenants())`, nothing to do): %s; "
							+ "`status(allTenants())` (what the health indicator and the migrations endpoint read): "
							+ "%s. The first %d tenants were migrated for real above; the other %d were registered "
							+ "by SQL, given empty schemas and stamped with `TenantMigrations.stamp` (history and "
							+ "state rows written, DDL not run; %.0f ms, not counted). A startup decision reads the "
							+ "registry and the state table, not the schemas, so their emptiness does not help it.%n",
					this.tenants, millis(Stats.of(r.startupAtScale)), millis(Stats.of(r.statusAtScale)), this.schemas,
					this.tenants - this.schemas, r.stampMillis));
			out.append("\n").append(goals(r)).append("\n");
		}
		else {
			out.append("\nVariant (c), our engine, was not measured in this run (engine not available).\n");
		}
		return out.toString();
	}

	private String perSchemaTable(Map<String, List<Double>> perSchema) {
		StringBuilder out = new StringBuilder(
				"| variant | ms per schema | × faster than naive | × " + this.rawN + " |\n|---|---|---|---|\n");
		List<Double> naive = perSchema.get(NAIVE);
		List<Double> floor = perSchema.get(this.rawN);
		perSchema.forEach((name, values) -> out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f |%n", name,
				perSchemaMillis(Stats.of(values)), Stats.pairwiseRatios(naive, values).median(),
				Stats.pairwiseRatios(values, floor).median())));
		return out.toString();
	}

	private String goals(Results r) {
		double speedup = Stats.pairwiseRatios(r.coldPerSchema.get(NAIVE), r.coldPerSchema.get(OURS)).median();
		double vsFloor = Stats.pairwiseRatios(r.coldPerSchema.get(OURS), r.coldPerSchema.get(this.rawN)).median();
		double startup = Stats.of(r.startupAtScale).median();
		double rollout = r.rolloutTotal.get(OURS);
		return String.format(Locale.ROOT,
				"Goals: cold ≥ 5× faster than the naive loop: %.2f× (%s); within 2× of the %d-thread raw floor: "
						+ "%.2f× (%s); startup with %d up-to-date tenants ≤ 1 s: %.0f ms (%s); one new changeset to "
						+ "%d tenants ≤ 10 s: %.0f ms (%s).",
				speedup, met(speedup >= 5), this.parallelism, vsFloor, met(vsFloor <= 2), this.tenants, startup,
				met(startup <= 1000), this.schemas, rollout, met(rollout <= 10_000));
	}

	private static String met(boolean met) {
		return met ? "met" : "**not met**";
	}

	private static String millis(Stats stats) {
		return String.format(Locale.ROOT, "%.0f ms (%.0f–%.0f)", stats.median(), stats.min(), stats.max());
	}

	private static String perSchemaMillis(Stats stats) {
		return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", stats.median(), stats.min(), stats.max());
	}

	private String json(Results r) {
		StringBuilder json = new StringBuilder("{\"benchmark\":\"migrations\"");
		json.append(",\"schemas\":").append(this.schemas).append(",\"changesets\":").append(CHANGE_SETS);
		json.append(",\"tenants\":").append(r.ours ? this.tenants : 0);
		json.append(",\"parallelism\":").append(this.parallelism).append(",\"rounds\":").append(this.rounds);
		json.append(",\"cold_ms_per_schema\":").append(medians(r.coldPerSchema));
		json.append(",\"naive_nothing_pending_total_ms\":").append(format(r.naiveIdleTotal));
		json.append(",\"ours_nothing_pending_ms\":")
			.append(r.ours ? format(Stats.of(r.oursIdleTotal).median()) : "null");
		json.append(",\"rollout_ms_per_schema\":").append(medians(r.rolloutPerSchema));
		json.append(",\"rollout_total_ms\":")
			.append(r.rolloutTotal.entrySet()
				.stream()
				.map((e) -> "\"" + key(e.getKey()) + "\":" + format(e.getValue()))
				.collect(Collectors.joining(",", "{", "}")));
		if (r.ours) {
			json.append(",\"cold_speedup_vs_naive\":")
				.append(format3(Stats.pairwiseRatios(r.coldPerSchema.get(NAIVE), r.coldPerSchema.get(OURS)).median()));
			json.append(",\"cold_ratio_vs_raw_parallel\":")
				.append(format3(Stats.pairwiseRatios(r.coldPerSchema.get(OURS), r.coldPerSchema.get(this.rawN)).median()));
			json.append(",\"startup_at_scale_ms\":").append(format(Stats.of(r.startupAtScale).median()));
			json.append(",\"status_at_scale_ms\":").append(format(Stats.of(r.statusAtScale).median()));
		}
		else {
			json.append(",\"cold_speedup_vs_naive\":null,\"cold_ratio_vs_raw_parallel\":null")
				.append(",\"startup_at_scale_ms\":null,\"status_at_scale_ms\":null");
		}
		return json.append('}').toString();
	}

	private static String medians(Map<String, List<Double>> rounds) {
		return rounds.entrySet()
			.stream()
			.map((e) -> "\"" + key(e.getKey()) + "\":"
					+ String.format(Locale.ROOT, "%.2f", Stats.of(e.getValue()).median()))
			.collect(Collectors.joining(",", "{", "}"));
	}

	/** Short JSON keys: naive, raw_1, raw_parallel, dotmac. */
	private static String key(String variant) {
		return switch (variant) {
			case NAIVE -> "naive";
			case RAW_1 -> "raw_1";
			case OURS -> "dotmac";
			default -> "raw_parallel";
		};
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	private static String format3(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

}
