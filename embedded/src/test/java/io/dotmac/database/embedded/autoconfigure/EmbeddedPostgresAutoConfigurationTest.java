package io.dotmac.database.embedded.autoconfigure;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.dotmac.database.embedded.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresAutoConfigurationTest {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class, DataSourceAutoConfiguration.class));

	// Without DataSourceAutoConfiguration, which cannot build a pool when nobody provides a URL.
	private final ApplicationContextRunner devServiceOnly = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class));

	@Test
	void startsPostgresqlAndTheApplicationConnectsAsAnOrdinaryRole(CapturedOutput output) {
		Path[] workDirectory = new Path[1];
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EmbeddedPostgresServer.class)
				.hasSingleBean(JdbcConnectionDetails.class)
				.hasSingleBean(HikariDataSource.class);
			workDirectory[0] = context.getBean(EmbeddedPostgresServer.class).workDirectory();
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(query(dataSource, "SELECT current_database()")).isEqualTo("dotmac");
			assertThat(query(dataSource, "SELECT current_user")).isEqualTo("dotmac");
			assertThat(query(dataSource,
					"SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"))
				.isEqualTo("f");
			// As owner of database dotmac the role runs the application's DDL.
			execute(dataSource, "CREATE TABLE subscriber (id bigint PRIMARY KEY)");
			// It may enter the system scope's role, without inheriting it.
			assertThat(query(dataSource, "SELECT rolcanlogin OR rolsuper OR rolbypassrls FROM pg_roles "
					+ "WHERE rolname = 'dotmac_rls_system'")).isEqualTo("f");
			assertThat(query(dataSource, "SELECT pg_has_role('dotmac_rls_system', 'SET') AND NOT "
					+ "pg_has_role('dotmac_rls_system', 'USAGE')")).isEqualTo("t");
			execute(dataSource, "BEGIN; SET LOCAL ROLE dotmac_rls_system; COMMIT");

			String password = context.getBean(JdbcConnectionDetails.class).getPassword();
			assertThat(output).contains("Dev service: started embedded PostgreSQL at localhost:")
				.doesNotContain(password);
		});
		assertThat(workDirectory[0]).as("server files after the context closed").doesNotExist();
	}

	@Test
	void systemRoleFollowsTheRlsProperty() {
		this.contextRunner.withPropertyValues("dotmac.database.rls.system-role=ops_all_tenants").run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(query(dataSource, "SELECT pg_has_role('ops_all_tenants', 'SET') AND NOT "
					+ "pg_has_role('ops_all_tenants', 'USAGE')")).isEqualTo("t");
			assertThat(query(dataSource, "SELECT count(*) FROM pg_roles WHERE rolname = 'dotmac_rls_system'"))
				.isEqualTo("0");
		});
	}

	@Test
	void noSystemRoleWhenTheSystemScopeIsOff() {
		this.contextRunner.withPropertyValues("dotmac.database.rls.system-role=").run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(query(dataSource, "SELECT count(*) FROM pg_auth_members WHERE member = 'dotmac'::regrole"))
				.isEqualTo("0");
			assertThat(query(dataSource, "SELECT count(*) FROM pg_roles WHERE rolname = 'dotmac_rls_system'"))
				.isEqualTo("0");
		});
	}

	@Test
	void backsOffWhenSpringDatasourceUrlIsSet() {
		this.contextRunner.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example.com/app")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class)
				.getBean(JdbcConnectionDetails.class)
				.extracting(JdbcConnectionDetails::getJdbcUrl)
				.isEqualTo("jdbc:postgresql://db.example.com/app"));
	}

	@Test
	void backsOffWhenDatabaseUrlIsSet() {
		this.devServiceOnly.withPropertyValues("DATABASE_URL=postgres://app:secret@db.example.com:5432/app")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesConnectionDetails() {
		JdbcConnectionDetails own = new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return "app";
			}

			@Override
			public String getPassword() {
				return "secret";
			}

			@Override
			public String getJdbcUrl() {
				return "jdbc:postgresql://db.example.com/app";
			}

		};
		this.contextRunner.withBean(JdbcConnectionDetails.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class)
				.getBean(JdbcConnectionDetails.class)
				.isSameAs(own));
	}

	@Test
	void backsOffWhenDisabled() {
		this.devServiceOnly.withPropertyValues("dotmac.database.embedded.postgres.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
	}

	private static String query(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

	private static void execute(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
