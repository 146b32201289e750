package io.dotmac.database.lock;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.dotmac.database.embedded.test.TestRedis;

/**
 * Lettuce connection factories for the lock tests, as an application would configure them.
 */
final class RedisTestConnections {

	private RedisTestConnections() {
	}

	static LettuceConnectionFactory connect(TestRedis redis) {
		return connect(redis.host(), redis.port(), redis.database(), Duration.ofSeconds(10));
	}

	static LettuceConnectionFactory connect(String host, int port, int database, Duration commandTimeout) {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(host, port);
		server.setDatabase(database);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(server,
				LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
