package io.dotmac.database.autoconfigure;

import java.io.InputStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.jayway.jsonpath.JsonPath;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.AutoCommitPolicy;
import io.dotmac.database.rls.RlsDataSource;
import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.rls.RlsPolicyManager;
import io.dotmac.database.rls.RlsSettings;

import static org.assertj.core.api.Assertions.assertThat;

class RlsAutoConfigurationTests {

	private static TestDatabase primary;

	private static TestDatabase replica;

	@BeforeAll
	static void createDatabases() {
		primary = TestDatabase.create();
		replica = TestDatabase.create();
	}

	@AfterAll
	static void dropDatabases() {
		if (primary != null) {
			primary.close();
		}
		if (replica != null) {
			replica.close();
		}
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					ReadReplicaAutoConfiguration.class, RlsAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + primary.jdbcUrl(),
					"spring.datasource.username=" + primary.appUsername(),
					"spring.datasource.password=" + primary.appPassword());
	}

	@Test
	void wrapsTheApplicationsDataSourceWithTheDefaults() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(RlsSettings.class).hasSingleBean(RlsPolicyManager.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(RlsDataSource.class);
			assertThat(((RlsDataSource) dataSource).getTargetDataSource()).isInstanceOf(HikariDataSource.class);
			assertThat(((RlsDataSource) dataSource).getSettings()).isEqualTo(RlsSettings.defaults());
			assertThat(context.getBean(RlsSettings.class)).isEqualTo(RlsSettings.defaults());
		});
	}

	@Test
	void theDefaultPropertiesAreTheLibrarysDefaults() {
		assertThat(new RlsProperties().toSettings()).isEqualTo(RlsSettings.defaults());
	}

	@Test
	void bindsEveryProperty() {
		runner()
			.withPropertyValues("dotmac.database.rls.mode=session",
					"dotmac.database.rls.setting-name=myapp.tenant", "dotmac.database.rls.system-role=ops_all_tenants",
					"dotmac.database.rls.tenant-column=org_id", "dotmac.database.rls.auto-commit=reject",
					"dotmac.database.rls.fold-into-first-statement=false")
			.run((context) -> {
				RlsSettings settings = context.getBean(RlsSettings.class);
				assertThat(settings.mode()).isEqualTo(RlsMode.SESSION);
				assertThat(settings.settingName()).isEqualTo("myapp.tenant");
				assertThat(settings.systemRole()).isEqualTo("ops_all_tenants");
				assertThat(settings.tenantColumn()).isEqualTo("org_id");
				assertThat(settings.autoCommitPolicy()).isEqualTo(AutoCommitPolicy.REJECT);
				assertThat(settings.foldIntoFirstStatement()).isFalse();
				assertThat(((RlsDataSource) context.getBean(DataSource.class)).getSettings()).isEqualTo(settings);
			});
	}

	@Test
	void anEmptySystemRoleTurnsTheSystemScopeOff() {
		runner().withPropertyValues("dotmac.database.rls.system-role=")
			.run((context) -> assertThat(context.getBean(RlsSettings.class).systemRole()).isNull());
	}

	@Test
	void anInvalidSettingNameFailsStartup() {
		runner().withPropertyValues("dotmac.database.rls.setting-name=tenant'; DROP TABLE x; --")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DatabaseValidationException.class)
				.hasMessageContaining("Invalid setting name"));
	}

	@Test
	void backsOffWhenDisabled() {
		runner().withPropertyValues("dotmac.database.rls.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RlsSettings.class).doesNotHaveBean(RlsPolicyManager.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void usesTheUsersSettings() {
		runner().withUserConfiguration(UserSettingsConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RlsSettings.class);
			assertThat(((RlsDataSource) context.getBean(DataSource.class)).getSettings().mode())
				.isEqualTo(RlsMode.SESSION);
		});
	}

	@Test
	void leavesADataSourceThatIsHookedAlreadyAlone() {
		runner().withUserConfiguration(UserHookedDataSourceConfiguration.class).run((context) -> {
			RlsDataSource dataSource = (RlsDataSource) context.getBean(DataSource.class);
			assertThat(dataSource.getTargetDataSource()).isInstanceOf(HikariDataSource.class);
			assertThat(dataSource.getSettings().settingName()).isEqualTo("users.tenant");
		});
	}

	@Test
	void worksWithoutADataSource() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RlsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RlsSettings.class)
				.doesNotHaveBean(RlsPolicyManager.class));
	}

	@Test
	void wrapsTheReadWriteSplitFromOutside() {
		runner()
			.withPropertyValues("dotmac.database.replica.url=" + replica.jdbcUrl(),
					"dotmac.database.replica.username=" + replica.appUsername(),
					"dotmac.database.replica.password=" + replica.appPassword())
			.run((context) -> {
				RlsDataSource dataSource = (RlsDataSource) context.getBean(DataSource.class);
				assertThat(dataSource.getTargetDataSource()).isInstanceOf(LazyConnectionDataSourceProxy.class);
				HikariDataSource pool = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
						HikariDataSource.class);
				assertThat(pool).isNotNull();
				assertThat(pool.getJdbcUrl()).isEqualTo(primary.jdbcUrl());
			});
	}

	@Test
	void healthAndPoolMetricsSeeThroughTheHook() {
		runner()
			.withConfiguration(AutoConfigurations.of(DataSourceHealthContributorAutoConfiguration.class,
					MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class))
			.withPropertyValues("spring.datasource.hikari.pool-name=primary")
			.run((context) -> {
				Health health = context.getBean("dbHealthContributor", HealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("database", "PostgreSQL");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("hikaricp.connections").tag("pool", "primary").gauge()).isNotNull();
				assertThat(registry.find("jdbc.connections.max").tag("name", "dataSource").gauge()).isNotNull();
			});
	}

	@Test
	void everyPropertyIsDocumentedInTheMetadata() throws Exception {
		String json;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).isNotNull();
			json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		// Everything under the prefix is described, the isolation audit's properties
		// (dotmac.database.rls.audit.*, IsolationAuditProperties) included.
		java.util.List<java.util.Map<String, Object>> all = JsonPath.read(json,
				"$.properties[?(@.name =~ /dotmac\\.database\\.rls\\..*/)]");
		assertThat(all).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as((String) property.get("name"))
			.isNotBlank());
		// The hook's own properties: exactly these, each with its default.
		java.util.List<java.util.Map<String, Object>> properties = JsonPath.read(json,
				"$.properties[?(@.sourceType == '" + RlsProperties.class.getName() + "')]");
		java.util.Map<String, java.util.Map<String, Object>> rls = new java.util.TreeMap<>();
		properties.forEach((property) -> rls.put((String) property.get("name"), property));
		assertThat(rls).containsOnlyKeys("dotmac.database.rls.enabled", "dotmac.database.rls.mode",
				"dotmac.database.rls.setting-name", "dotmac.database.rls.system-role",
				"dotmac.database.rls.tenant-column", "dotmac.database.rls.auto-commit",
				"dotmac.database.rls.fold-into-first-statement");
		rls.forEach((name, property) -> {
			assertThat((String) property.get("description")).as(name).isNotBlank();
			assertThat(property).as(name + " default").containsKey("defaultValue");
		});
		assertThat(rls.get("dotmac.database.rls.mode").get("defaultValue")).isEqualTo("transaction");
		assertThat(rls.get("dotmac.database.rls.setting-name").get("defaultValue")).isEqualTo("app.current_tenant_id");
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSettingsConfiguration {

		@Bean
		RlsSettings mySettings() {
			return RlsSettings.defaults().withMode(RlsMode.SESSION);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHookedDataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl(primary.jdbcUrl());
			pool.setUsername(primary.appUsername());
			pool.setPassword(primary.appPassword());
			return new RlsDataSource(pool, RlsSettings.defaults().withSettingName("users.tenant"));
		}

	}

}
