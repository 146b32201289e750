package io.dotmac.database.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A Lettuce connection to a test Redis that fails fast when Redis is gone (commands are
 * rejected while disconnected, a short command timeout) and reconnects quickly.
 */
final class RedisFixture implements AutoCloseable {

	private final ClientResources resources;

	private final LettuceConnectionFactory factory;

	RedisFixture(String host, int port, int database) {
		this.resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(host, port);
		configuration.setDatabase(database);
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofMillis(500))
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.clientResources(this.resources)
			.build();
		this.factory = new LettuceConnectionFactory(configuration, client);
		this.factory.afterPropertiesSet();
		this.factory.start();
	}

	LettuceConnectionFactory factory() {
		return this.factory;
	}

	void flush() {
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.serverCommands().flushDb();
		}
	}

	long size() {
		try (RedisConnection connection = this.factory.getConnection()) {
			Long size = connection.serverCommands().dbSize();
			return (size != null) ? size : 0;
		}
	}

	byte[] raw(String key) {
		try (RedisConnection connection = this.factory.getConnection()) {
			return connection.stringCommands().get(key.getBytes(StandardCharsets.UTF_8));
		}
	}

	void setRaw(String key, byte[] value) {
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.stringCommands().set(key.getBytes(StandardCharsets.UTF_8), value);
		}
	}

	void delete(String key) {
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.keyCommands().del(key.getBytes(StandardCharsets.UTF_8));
		}
	}

	long pttl(String key) {
		try (RedisConnection connection = this.factory.getConnection()) {
			Long ttl = connection.keyCommands().pTtl(key.getBytes(StandardCharsets.UTF_8));
			return (ttl != null) ? ttl : -3;
		}
	}

	String string(String key) {
		byte[] value = raw(key);
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	@Override
	public void close() {
		this.factory.destroy();
		this.resources.shutdown();
	}

}
