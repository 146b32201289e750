package io.dotmac.database.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.boot.MigrationEnvironmentPostProcessor;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.engine.EngineTenantSchemaMigrator;
import io.dotmac.database.migration.engine.MigrationEngine;
import io.dotmac.database.migration.engine.TenantMigrationsInitializer;
import io.dotmac.database.schema.SchemaTenantStorage;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantProvisioner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MigrationAutoConfiguration} on real PostgreSQL: off by default; on start-up it brings
 * shared and tenant parts to the head; schema-per-tenant provisioning goes through the engine
 * and records the new tenant, so the next start-up visits nothing.
 */
class MigrationAutoConfigurationTests {

	private static final String BASE = "classpath:io/dotmac/database/migration/engine/";

	private TestDatabase database;

	@BeforeEach
	void createDatabase() {
		this.database = TestDatabase.create();
		new JdbcTemplate(this.database.ownerDataSource())
			.execute("CREATE TABLE public.applications (schema_name text, change text); CREATE TABLE public.gate (id int)");
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					ManagementDatabaseAutoConfiguration.class, ReadReplicaAutoConfiguration.class,
					TenancyAutoConfiguration.class, RlsAutoConfiguration.class, SchemaAutoConfiguration.class,
					MigrationAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database.jdbcUrl(),
					"spring.datasource.username=" + this.database.ownerUsername(),
					"spring.datasource.password=" + this.database.ownerPassword());
	}

	@Test
	void offUnlessEnabled() {
		runner().run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(MigrationEngine.class)
			.doesNotHaveBean(TenantMigrations.class));
	}

	@Test
	void rowLevelSecurityModeRunsSharedAndTenantChangelogsOnceOnStartup() {
		runner().withPropertyValues("dotmac.database.migrations.enabled=true",
				"dotmac.database.migrations.shared-changelog=" + BASE + "shared.xml",
				"dotmac.database.migrations.tenant-changelog=" + BASE + "tenant-v1.xml",
				"dotmac.database.migrations.modules.billing.tenant=" + BASE + "gated.xml")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TenantMigrationsInitializer.class);
				TenantMigrations migrations = context.getBean(TenantMigrations.class);
				assertThat(migrations.modules()).extracting(MigrationModule::name).containsExactly("app", "billing");
				assertThat(context.getBean(TenantMigrationsInitializer.class).getReport().units()).hasSize(3);
				JdbcTemplate jdbc = new JdbcTemplate(this.database.ownerDataSource());
				assertThat(jdbc.queryForObject("SELECT count(*) FROM public.databasechangelog", Integer.class))
					.isEqualTo(5);
				assertThat(jdbc.queryForObject("SELECT count(*) FROM public.databasechangelog_billing", Integer.class))
					.isEqualTo(3);
			});
		runner().withPropertyValues("dotmac.database.migrations.enabled=true",
				"dotmac.database.migrations.shared-changelog=" + BASE + "shared.xml",
				"dotmac.database.migrations.tenant-changelog=" + BASE + "tenant-v1.xml",
				"dotmac.database.migrations.modules.billing.tenant=" + BASE + "gated.xml")
			.run((context) -> assertThat(context.getBean(TenantMigrationsInitializer.class).getReport().units())
				.isEmpty());
	}

	@Test
	void schemaModeProvisionsThroughTheEngineAndTheNextStartupVisitsNothing() {
		String[] properties = { "dotmac.database.tenancy.strategy=schema", "dotmac.database.migrations.enabled=true",
				"dotmac.database.migrations.shared-changelog=" + BASE + "shared.xml",
				"dotmac.database.schema.changelog=" + BASE + "tenant-v1.xml" };
		runner().withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(EngineTenantSchemaMigrator.class);
			assertThat(context.getBean(SchemaTenantStorage.class).toString()).contains("EngineTenantSchemaMigrator");
			TenantProvisioner provisioner = context.getBean(TenantProvisioner.class);
			provisioner.create(TenantId.of("acme"), "Acme");
			provisioner.create(TenantId.of("globex"), "Globex");
			JdbcTemplate jdbc = new JdbcTemplate(this.database.ownerDataSource());
			assertThat(jdbc.queryForList("SELECT id FROM \"t_acme\".databasechangelog ORDER BY orderexecuted",
					String.class)).containsExactly("1-customers", "2-customers-email", "3-tag", "4-count");
			assertThat(jdbc.queryForList("SELECT tenant || ':' || status FROM public.dotmac_migration_state"
					+ " WHERE target = 'TENANT' ORDER BY 1", String.class))
				.containsExactly("acme:UP_TO_DATE", "globex:UP_TO_DATE");
			assertThat(context.getBean(TenantMigrations.class).pending(MigrationRequest.allTenants())).isEmpty();
		});
		runner().withPropertyValues(properties)
			.run((context) -> assertThat(context.getBean(TenantMigrationsInitializer.class).getReport().units())
				.isEmpty());
	}

	@Test
	void runOnStartupOffLeavesTheDatabaseAlone() {
		runner().withPropertyValues("dotmac.database.migrations.enabled=true",
				"dotmac.database.migrations.run-on-startup=false",
				"dotmac.database.migrations.shared-changelog=" + BASE + "shared.xml")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TenantMigrations.class)
					.doesNotHaveBean(TenantMigrationsInitializer.class);
				assertThat(new JdbcTemplate(this.database.ownerDataSource())
					.queryForObject("SELECT to_regclass('public.service_plans') IS NULL", Boolean.class)).isTrue();
			});
	}

	@Test
	void withFailOnErrorOffAFailedUnitIsRecordedAndTheApplicationStarts() {
		new JdbcTemplate(this.database.ownerDataSource()).execute("DROP TABLE public.gate");
		runner().withPropertyValues("dotmac.database.migrations.enabled=true",
				"dotmac.database.migrations.fail-on-error=false",
				"dotmac.database.migrations.shared-changelog=" + BASE + "shared.xml",
				"dotmac.database.migrations.modules.gated.shared=" + BASE + "gated.xml")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TenantMigrationsInitializer.class).getReport().failures()).singleElement()
					.satisfies((failure) -> assertThat(failure.unit().module()).isEqualTo("gated"));
				assertThat(new JdbcTemplate(this.database.ownerDataSource()).queryForObject(
						"SELECT status FROM public.dotmac_migration_state WHERE module = 'gated'", String.class))
					.isEqualTo("FAILED");
			});
		runner().withPropertyValues("dotmac.database.migrations.enabled=true",
				"dotmac.database.migrations.shared-changelog=" + BASE + "shared.xml",
				"dotmac.database.migrations.modules.gated.shared=" + BASE + "gated.xml")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("gated.xml::2-gate::test"));
	}

	@Test
	void springBootsLiquibaseIsSwitchedOffWhenMigrationsAreOnUnlessTheUserSaysOtherwise() {
		MigrationEnvironmentPostProcessor postProcessor = new MigrationEnvironmentPostProcessor();
		StandardEnvironment off = new StandardEnvironment();
		postProcessor.postProcessEnvironment(off, null);
		assertThat(off.getProperty("spring.liquibase.enabled")).isNull();
		StandardEnvironment on = new StandardEnvironment();
		on.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("dotmac.database.migrations.enabled", "true")));
		postProcessor.postProcessEnvironment(on, null);
		assertThat(on.getProperty("spring.liquibase.enabled", Boolean.class)).isFalse();
		StandardEnvironment explicit = new StandardEnvironment();
		explicit.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of("dotmac.database.migrations.enabled", "true", "spring.liquibase.enabled", "true")));
		postProcessor.postProcessEnvironment(explicit, null);
		assertThat(explicit.getProperty("spring.liquibase.enabled", Boolean.class)).isTrue();
	}

}
