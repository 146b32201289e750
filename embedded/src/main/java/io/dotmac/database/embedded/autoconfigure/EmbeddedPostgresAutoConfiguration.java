package io.dotmac.database.embedded.autoconfigure;

import io.dotmac.database.embedded.EmbeddedPostgresServer;
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

/**
 * Dev service for PostgreSQL: when the application configures no database, starts an embedded
 * PostgreSQL that lives as long as the application context, creates database {@code dotmac} owned
 * by the ordinary role {@code dotmac}, and publishes {@link JdbcConnectionDetails} for that role, from
 * which Boot's {@code DataSourceAutoConfiguration} builds its usual connection pool.
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

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer dotmacEmbeddedPostgresServer() {
		return EmbeddedPostgresServer.start();
	}

	@Bean
	EmbeddedPostgresConnectionDetails dotmacEmbeddedPostgresConnectionDetails(EmbeddedPostgresServer server) {
		EmbeddedPostgresConnectionDetails details = EmbeddedPostgresConnectionDetails.provision(server);
		logger.info("Dev service: started embedded PostgreSQL at " + server.host() + ":" + server.port()
				+ ", database '" + EmbeddedPostgresConnectionDetails.DATABASE + "' as ordinary role '"
				+ EmbeddedPostgresConnectionDetails.ROLE + "' (" + details.getJdbcUrl()
				+ "); it stops with the application and its data is discarded");
		return details;
	}

}
