package io.dotmac.database.embedded.autoconfigure;

import io.dotmac.database.embedded.EmbeddedRedisServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Dev service for Redis: when the application configures no Redis server, starts an embedded one
 * that lives as long as the application context and publishes {@code DataRedisConnectionDetails} for
 * it, which Boot's {@code DataRedisAutoConfiguration} turns into its usual connection factory.
 * <p>
 * Stays off when Spring Data Redis is absent, when any of {@code spring.data.redis.host},
 * {@code .port}, {@code .url}, {@code .cluster.nodes}, {@code .sentinel.nodes} or
 * {@code .masterreplica.nodes} is set, when a
 * {@code DataRedisConnectionDetails} bean exists, or when
 * {@code dotmac.database.embedded.redis.enabled=false}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = { "redis.embedded.RedisServer",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails" })
@ConditionalOnBooleanProperty(name = "dotmac.database.embedded.redis.enabled", matchIfMissing = true)
@Conditional(NoRedisConfiguredCondition.class)
@ConditionalOnMissingBean(type = "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails")
@EnableConfigurationProperties(EmbeddedServicesProperties.class)
public final class EmbeddedRedisAutoConfiguration {

	private static final Log logger = LogFactory.getLog(EmbeddedRedisAutoConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedRedisServer dotmacEmbeddedRedisServer() {
		EmbeddedRedisServer server = EmbeddedRedisServer.start();
		logger.info("Dev service: started embedded Redis at " + server.host() + ":" + server.port()
				+ "; it stops with the application and its data is discarded");
		return server;
	}

	@Bean
	EmbeddedRedisConnectionDetails dotmacEmbeddedRedisConnectionDetails(EmbeddedRedisServer server) {
		return new EmbeddedRedisConnectionDetails(server);
	}

}
