package io.dotmac.database.embedded.autoconfigure;

import io.dotmac.database.embedded.EmbeddedPostgresServer;
import io.dotmac.database.embedded.PostgresAdmin;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Dev service for PostgreSQL: when the application configures no database, starts an embedded
 * PostgreSQL that lives as long as the application context, creates database {@code dotmac} owned
 * by the ordinary role {@code dotmac}, and publishes {@link JdbcConnectionDetails} for that role, from
 * which Boot's {@code DataSourceAutoConfiguration} builds its usual connection pool.
 * <p>
 * As a superuser can, it also creates the NOLOGIN role of the tenant-isolation system scope (the
 * value of {@code dotmac.database.rls.system-role}, {@code dotmac_rls_system} by default) and lets
 * {@code dotmac} switch to it without inheriting it ({@code WITH INHERIT FALSE, SET TRUE}), so that
 * {@code enableTenantRls} changes and {@code TenantContext.runAsSystem} work in development as they
 * do against a database an administrator has prepared. An empty system role (the system scope
 * switched off) creates none.
 * <p>
 * Stays off when {@code spring.datasource.url} or {@code DATABASE_URL} is set, when a
 * {@link JdbcConnectionDetails} bean exists (Testcontainers' {@code @ServiceConnection}, for
 * example), or when {@code dotmac.database.embedded.postgres.enabled=false}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = { "io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
		"org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails" })
@ConditionalOnBooleanProperty(name = "dotmac.database.embedded.postgres.enabled", matchIfMissing = true)
@Conditional(NoDatabaseConfiguredCondition.class)
@ConditionalOnMissingBean(JdbcConnectionDetails.class)
@EnableConfigurationProperties(EmbeddedServicesProperties.class)
public final class EmbeddedPostgresAutoConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedPostgresAutoConfiguration.class);

	private static final String SYSTEM_ROLE_PROPERTY = "dotmac.database.rls.system-role";

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer dotmacEmbeddedPostgresServer() {
		return EmbeddedPostgresServer.start();
	}

	@Bean
	EmbeddedPostgresConnectionDetails dotmacEmbeddedPostgresConnectionDetails(EmbeddedPostgresServer server,
			Environment environment) {
		// Read by name: the property belongs to the library, which this module does not depend on.
		String systemRole = environment.getProperty(SYSTEM_ROLE_PROPERTY, PostgresAdmin.SYSTEM_ROLE).trim();
		EmbeddedPostgresConnectionDetails details = EmbeddedPostgresConnectionDetails.provision(server,
				systemRole.isEmpty() ? null : systemRole);
		logger.info("Dev service: started embedded PostgreSQL at " + server.host() + ":" + server.port()
				+ ", database '" + EmbeddedPostgresConnectionDetails.DATABASE + "' as ordinary role '"
				+ EmbeddedPostgresConnectionDetails.ROLE + "' (" + details.getJdbcUrl() + ")"
				+ (systemRole.isEmpty() ? "" : ", which may SET ROLE " + systemRole + " for the system scope")
				+ "; it stops with the application and its data is discarded");
		return details;
	}

}
