package io.dotmac.database.autoconfigure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.autoconfigure.DatabaseUrlAutoConfiguration.DatabaseUrlJdbcConnectionDetails;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.jdbc.InvalidDatabaseUrlException;

import static org.assertj.core.api.Assertions.assertThat;

@DotmacTestServers
class DatabaseUrlAutoConfigurationTests {

	private static final String PASSWORD = "Zx9Tr0ub4dorQw7";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DatabaseUrlAutoConfiguration.class));

	private final ApplicationContextRunner dataSourceRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DatabaseUrlAutoConfiguration.class, DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class));

	@Test
	void contributesConnectionDetailsFromTheDatabaseUrlEnvironmentVariable() {
		this.runner.withInitializer((context) -> environmentVariable(context.getEnvironment(), "DATABASE_URL",
				"postgres://app:pa%40ss@db.example.com:6543/shop?sslmode=require"))
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcConnectionDetails.class);
				JdbcConnectionDetails details = context.getBean(JdbcConnectionDetails.class);
				assertThat(details).isInstanceOf(DatabaseUrlJdbcConnectionDetails.class);
				assertThat(details.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/shop?sslmode=require");
				assertThat(details.getUsername()).isEqualTo("app");
				assertThat(details.getPassword()).isEqualTo("pa@ss");
				assertThat(details.getDriverClassName()).isEqualTo("org.postgresql.Driver");
				assertThat(details.toString()).doesNotContain("pa@ss");
			});
	}

	@Test
	void contributesConnectionDetailsFromADatabaseUrlProperty() {
		this.runner.withPropertyValues("DATABASE_URL=jdbc:postgresql://db/shop?user=app&password=secret")
			.run((context) -> {
				JdbcConnectionDetails details = context.getBean(JdbcConnectionDetails.class);
				assertThat(details.getJdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shop");
				assertThat(details.getUsername()).isEqualTo("app");
				assertThat(details.getPassword()).isEqualTo("secret");
			});
	}

	@Test
	void backsOffWithoutDatabaseUrl() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(JdbcConnectionDetails.class)
			.doesNotHaveBean(DatabaseUrlAutoConfiguration.class));
	}

	@Test
	void backsOffWhenDatabaseUrlIsBlank() {
		this.runner.withPropertyValues("DATABASE_URL= ")
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcConnectionDetails.class));
	}

	@Test
	void backsOffWhenSpringDatasourceUrlIsSet() {
		this.runner
			.withPropertyValues("DATABASE_URL=postgres://a:b@platform/db", "spring.datasource.url=jdbc:postgresql://mine/db")
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcConnectionDetails.class));
	}

	@Test
	void backsOffWhenTheUserDefinesConnectionDetails() {
		this.runner.withPropertyValues("DATABASE_URL=postgres://a:b@platform/db")
			.withUserConfiguration(UserConnectionDetailsConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcConnectionDetails.class);
				assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl())
					.isEqualTo("jdbc:postgresql://users-choice/db");
			});
	}

	@Test
	void leavesAnApplicationWithItsOwnDataSourceAlone() {
		this.dataSourceRunner.withPropertyValues("DATABASE_URL=mysql://app:" + PASSWORD + "@sidecar/db")
			.withUserConfiguration(UserDataSourceConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(JdbcConnectionDetails.class);
				assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
				assertThat(context.getBean(HikariDataSource.class).getPoolName()).isEqualTo("users-own");
			});
	}

	@Test
	void springBootsDataSourceUsesTheDatabaseUrl() {
		this.dataSourceRunner.withPropertyValues("DATABASE_URL=postgresql+psycopg://app:s3cret@db.internal/shop")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				assertThat(dataSource.getJdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/shop");
				assertThat(dataSource.getUsername()).isEqualTo("app");
				assertThat(dataSource.getPassword()).isEqualTo("s3cret");
			});
	}

	@Test
	void connectsToARealDatabaseThroughAPlatformStyleUrl(TestDatabase database) {
		// Percent-encode the generated password, as a platform would for special characters.
		String password = URLEncoder.encode(database.appPassword(), StandardCharsets.UTF_8).replace("+", "%20");
		String url = "postgres://" + database.appUsername() + ":" + password + "@"
				+ database.jdbcUrl().substring("jdbc:postgresql://".length());
		this.dataSourceRunner
			.withInitializer((context) -> environmentVariable(context.getEnvironment(), "DATABASE_URL", url))
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				Map<String, Object> row = jdbc.queryForMap("SELECT current_user AS usr, current_database() AS db");
				assertThat(row).containsEntry("usr", database.appUsername()).containsEntry("db", database.name());
				assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void malformedDatabaseUrlFailsStartupWithoutThePassword() {
		this.dataSourceRunner.withPropertyValues("DATABASE_URL=postgres://app:" + PASSWORD + "%zz@db/shop")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				InvalidDatabaseUrlException cause = null;
				for (Throwable t = failure; t != null; t = t.getCause()) {
					assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
					if (cause == null && t instanceof InvalidDatabaseUrlException ex) {
						cause = ex;
					}
				}
				assertThat(cause).isNotNull();
				assertThat(cause.getOrigin()).isEqualTo("DATABASE_URL");
				assertThat(cause.getMessage()).startsWith("Invalid database URL in DATABASE_URL: invalid percent-encoding"
						+ " in the password");
			});
	}

	private static void environmentVariable(ConfigurableEnvironment environment,
			String name, String value) {
		environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME + "-test", Map.of(name, value)));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSourceConfiguration {

		@Bean
		HikariDataSource dataSource() {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setPoolName("users-own");
			dataSource.setJdbcUrl("jdbc:postgresql://users-choice/db");
			return dataSource;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionDetailsConfiguration {

		@Bean
		JdbcConnectionDetails userConnectionDetails() {
			return new JdbcConnectionDetails() {

				@Override
				public String getJdbcUrl() {
					return "jdbc:postgresql://users-choice/db";
				}

				@Override
				public String getUsername() {
					return "user";
				}

				@Override
				public String getPassword() {
					return "password";
				}

			};
		}

	}

}
