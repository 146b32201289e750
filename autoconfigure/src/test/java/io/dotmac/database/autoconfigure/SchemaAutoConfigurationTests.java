package io.dotmac.database.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.RlsDataSource;
import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.rls.RlsTenantStorage;
import io.dotmac.database.schema.SchemaDataSource;
import io.dotmac.database.schema.SchemaSettings;
import io.dotmac.database.schema.SchemaTenantStorage;
import io.dotmac.database.schema.TenantContextIdentifierResolver;
import io.dotmac.database.schema.TenantSchemaConnectionProvider;
import io.dotmac.database.tenant.TenantProvisioner;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaAutoConfigurationTests {

	private static TestDatabase database;

	@BeforeAll
	static void createDatabase() {
		database = TestDatabase.create();
	}

	@AfterAll
	static void dropDatabase() {
		if (database != null) {
			database.close();
		}
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					ReadReplicaAutoConfiguration.class, TenancyAutoConfiguration.class, RlsAutoConfiguration.class,
					SchemaAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + database.ownerUsername(),
					"spring.datasource.password=" + database.ownerPassword());
	}

	@Test
	void rlsIsTheDefaultStrategy() {
		runner().run((context) -> {
			assertThat(context).doesNotHaveBean(SchemaSettings.class).hasSingleBean(RlsTenantStorage.class)
				.hasSingleBean(TenantProvisioner.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(RlsDataSource.class);
		});
	}

	@Test
	void schemaStrategyRoutesBySearchPathOnTheOnePoolAndTurnsRlsOff() {
		runner().withPropertyValues("dotmac.database.tenancy.strategy=schema").run((context) -> {
			assertThat(context).hasSingleBean(SchemaSettings.class).hasSingleBean(SchemaTenantStorage.class)
				.hasSingleBean(TenantProvisioner.class).doesNotHaveBean(RlsTenantStorage.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(SchemaDataSource.class);
			assertThat(((SchemaDataSource) dataSource).getTargetDataSource()).isInstanceOf(HikariDataSource.class);
			assertThat(context.getBean(SchemaSettings.class)).isEqualTo(SchemaSettings.defaults());
		});
	}

	@Test
	void propertiesBecomeTheSettings() {
		runner().withPropertyValues("dotmac.database.tenancy.strategy=schema", "dotmac.database.schema.prefix=tenant_",
				"dotmac.database.schema.shared-schemas=reference,public", "dotmac.database.schema.mode=session")
			.run((context) -> assertThat(context.getBean(SchemaSettings.class))
				.isEqualTo(SchemaSettings.defaults()
					.withPrefix("tenant_")
					.withSharedSchemas(List.of("reference", "public"))
					.withMode(RlsMode.SESSION)));
	}

	@Test
	void aBadPrefixFailsStartupNamingTheProperty() {
		runner().withPropertyValues("dotmac.database.tenancy.strategy=schema", "dotmac.database.schema.prefix=pg_")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("dotmac.database.schema"));
	}

	@Test
	void hibernateGetsTheMultiTenancySpi() {
		runner().withPropertyValues("dotmac.database.tenancy.strategy=schema").run((context) -> {
			java.util.Map<String, Object> properties = new java.util.HashMap<>();
			context.getBeansOfType(HibernatePropertiesCustomizer.class).values()
				.forEach((customizer) -> customizer.customize(properties));
			assertThat(properties.get("hibernate.multi_tenant_connection_provider"))
				.isInstanceOf(TenantSchemaConnectionProvider.class);
			assertThat(properties.get("hibernate.tenant_identifier_resolver"))
				.isInstanceOf(TenantContextIdentifierResolver.class);
		});
	}

}
