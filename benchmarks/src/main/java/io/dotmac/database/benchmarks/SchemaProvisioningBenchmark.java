package io.dotmac.database.benchmarks;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.schema.SchemaSettings;
import io.dotmac.database.schema.SchemaTenantStorage;
import io.dotmac.database.schema.TenantSchemaMigrator;
import io.dotmac.database.tenant.JdbcTenantRegistry;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantProvisioner;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;
import io.dotmac.database.tenant.TenantRegistryTable;

/**
 * Time to provision one tenant with schema per tenant, through {@link TenantProvisioner}
 * exactly as the admin API does (registry row, schema, tables, activation): fresh, by
 * running the tenant changelog on the new schema, against the fast path, by cloning a
 * template schema migrated once. The changelog has {@code tables} tables, each with an
 * identity key, a few columns, an index and a foreign key to the previous one, written with
 * Liquibase's own change types, one changeset per table.
 */
final class SchemaProvisioningBenchmark {

	private final PostgresServer server;

	private final String database;

	private final String role;

	private final String password;

	SchemaProvisioningBenchmark(PostgresServer server, String database, String role, String password) {
		this.server = server;
		this.database = database;
		this.role = role;
		this.password = password;
	}

	/** Milliseconds per tenant, per round, for "fresh" and "clone"; also the one-off template time. */
	Result run(int tables, int tenantsPerRound, int rounds) throws Exception {
		Path dir = Files.createTempDirectory("dotmac-bench-changelog");
		Path changelog = dir.resolve("bench/tenant-changelog.xml");
		Files.createDirectories(changelog.getParent());
		Files.writeString(changelog, changelog(tables));
		try (HikariDataSource pool = new HikariDataSource();
				URLClassLoader classLoader = new URLClassLoader(new URL[] { dir.toUri().toURL() },
						getClass().getClassLoader())) {
			pool.setJdbcUrl(this.server.jdbcUrl(this.database));
			pool.setUsername(this.role);
			pool.setPassword(this.password);
			pool.setMaximumPoolSize(4);
			new TenantRegistrySchemaInitializer(pool, TenantRegistryTable.defaults()).initialize();
			JdbcTenantRegistry registry = new JdbcTenantRegistry(pool);
			SchemaSettings settings = SchemaSettings.defaults();
			TenantSchemaMigrator migrator = new TenantSchemaMigrator("bench/tenant-changelog.xml", classLoader);
			SchemaTenantStorage cloning = new SchemaTenantStorage(pool, settings, migrator, true, null);
			long templateStart = System.nanoTime();
			cloning.prepareTemplate();
			double templateMillis = (System.nanoTime() - templateStart) / 1e6;
			Map<String, TenantProvisioner> variants = new LinkedHashMap<>();
			variants.put("fresh (changelog)", new TenantProvisioner(registry,
					new SchemaTenantStorage(pool, settings, migrator, false, null)));
			variants.put("fast path (clone)", new TenantProvisioner(registry, cloning));
			Map<String, List<Double>> results = new LinkedHashMap<>();
			variants.keySet().forEach((name) -> results.put(name, new ArrayList<>()));
			int[] next = { 0 };
			for (TenantProvisioner provisioner : variants.values()) {
				provision(provisioner, 3, next); // warm-up: JIT, Liquibase's own start-up
			}
			List<String> names = new ArrayList<>(variants.keySet());
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < names.size(); i++) {
					String name = names.get((round + i) % names.size());
					results.get(name).add(provision(variants.get(name), tenantsPerRound, next));
				}
			}
			return new Result(results, templateMillis);
		}
		finally {
			try (var files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

	record Result(Map<String, List<Double>> millisPerTenant, double templateMillis) {
	}

	private static double provision(TenantProvisioner provisioner, int tenants, int[] next) {
		long start = System.nanoTime();
		for (int i = 0; i < tenants; i++) {
			provisioner.create(TenantId.of("bench-" + (next[0]++)), "Bench");
		}
		return (System.nanoTime() - start) / 1e6 / tenants;
	}

	static String changelog(int tables) throws IOException {
		StringBuilder xml = new StringBuilder("""
				<?xml version="1.0" encoding="UTF-8"?>
				<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
				    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
				    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
				        https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
				""");
		for (int t = 0; t < tables; t++) {
			xml.append("  <changeSet id=\"table-").append(t).append("\" author=\"bench\">\n");
			xml.append("    <createTable tableName=\"table_").append(t).append("\">\n");
			xml.append("      <column name=\"id\" type=\"bigint\" autoIncrement=\"true\">"
					+ "<constraints primaryKey=\"true\"/></column>\n");
			xml.append("      <column name=\"name\" type=\"varchar(200)\"><constraints nullable=\"false\"/></column>\n");
			xml.append("      <column name=\"amount\" type=\"numeric(12,2)\" defaultValueNumeric=\"0\"/>\n");
			xml.append("      <column name=\"created_at\" type=\"timestamptz\" defaultValueComputed=\"now()\"/>\n");
			if (t > 0) {
				xml.append("      <column name=\"parent_id\" type=\"bigint\"/>\n");
			}
			xml.append("    </createTable>\n");
			xml.append("    <createIndex tableName=\"table_").append(t).append("\" indexName=\"table_").append(t)
				.append("_name_idx\"><column name=\"name\"/></createIndex>\n");
			if (t > 0) {
				xml.append("    <addForeignKeyConstraint baseTableName=\"table_").append(t)
					.append("\" baseColumnNames=\"parent_id\" referencedTableName=\"table_").append(t - 1)
					.append("\" referencedColumnNames=\"id\" constraintName=\"table_").append(t).append("_parent_fk\"/>\n");
			}
			xml.append("  </changeSet>\n");
		}
		return xml.append("</databaseChangeLog>\n").toString();
	}

}
