package io.dotmac.database.sample;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantProvisioner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every changeset of the sample round-trips: upgrade, downgrade all the way, upgrade again,
 * and the schema is what it was (Row-Level Security mode: the shared changelog with the
 * customers table and its policy). Downgrades are refused by default; this test allows them.
 */
@SpringBootTest(properties = "dotmac.database.migrations.policy.allow-downgrade=true")
class MigrationRoundTripTests {

	@Autowired
	protected TenantMigrations migrations;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected TenantProvisioner provisioner;

	@Test
	void everySharedChangeSetRoundTrips() {
		String before = catalog("public");
		int applied = historySize("public");
		assertThat(applied).isPositive();
		assertThat(this.migrations.downgrade(MigrationRequest.sharedOnly(), DowngradeTarget.count(applied))
			.throwIfFailed()
			.changeSetCount()).isEqualTo(applied);
		assertThat(historySize("public")).isZero();
		assertThat(sampleTables("public")).isEmpty();
		assertThat(this.migrations.upgrade(MigrationRequest.sharedOnly()).throwIfFailed().changeSetCount())
			.isEqualTo(applied);
		assertThat(catalog("public")).isEqualTo(before);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM public.service_plans", Integer.class))
			.as("the reference data is back").isEqualTo(2);
	}

	protected int historySize(String schema) {
		Integer count = this.jdbc.queryForObject("SELECT count(*) FROM \"" + schema + "\".databasechangelog",
				Integer.class);
		return (count != null) ? count : 0;
	}

	protected List<String> sampleTables(String schema) {
		return this.jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = ?"
				+ " AND tablename IN ('customers', 'service_plans')", String.class, schema);
	}

	/** The sample's tables, columns, indexes, constraints, policies and RLS flags, as text. */
	protected String catalog(String schema) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
				       || ' ' || coalesce(column_default, '') AS item
				  FROM information_schema.columns
				 WHERE table_schema = ? AND table_name IN ('customers', 'service_plans')
				UNION ALL
				SELECT 'index ' || indexdef FROM pg_indexes
				 WHERE schemaname = ? AND tablename IN ('customers', 'service_plans')
				UNION ALL
				SELECT 'policy ' || tablename || ' ' || policyname || ' ' || coalesce(qual, '') || ' '
				       || coalesce(with_check, '')
				  FROM pg_policies WHERE schemaname = ?
				UNION ALL
				SELECT 'rls ' || c.relname || ' ' || c.relrowsecurity || ' ' || c.relforcerowsecurity
				  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				 WHERE n.nspname = ? AND c.relname IN ('customers', 'service_plans')
				ORDER BY 1""", schema, schema, schema, schema);
		assertThat(rows).isNotEmpty();
		return rows.stream().map((row) -> String.valueOf(row.get("item"))).reduce("", (a, b) -> a + b + "\n");
	}

}
