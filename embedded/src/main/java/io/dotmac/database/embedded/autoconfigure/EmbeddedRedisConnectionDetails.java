package io.dotmac.database.embedded.autoconfigure;

import io.dotmac.database.embedded.RedisServer;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/**
 * Connection details for the embedded Redis server: standalone, database 0, no password.
 */
final class EmbeddedRedisConnectionDetails implements DataRedisConnectionDetails {

	private final Standalone standalone;

	EmbeddedRedisConnectionDetails(RedisServer server) {
		this.standalone = Standalone.of(server.host(), server.port());
	}

	@Override
	public Standalone getStandalone() {
		return this.standalone;
	}

}
