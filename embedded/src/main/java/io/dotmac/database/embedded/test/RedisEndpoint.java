package io.dotmac.database.embedded.test;

import java.net.URI;

import io.dotmac.database.embedded.RedisServer;

/**
 * A Redis server this JVM did not start from binaries: one named by {@code DOTMAC_TEST_REDIS_URL},
 * or a Testcontainers container.
 *
 * @param host the host
 * @param port the port
 */
record RedisEndpoint(String host, int port) implements RedisServer {

	private static final int DEFAULT_PORT = 6379;

	/**
	 * Parses {@code redis://host:port}.
	 * @param url the URL
	 * @param source where the URL came from, for error messages
	 * @return the endpoint
	 */
	static RedisEndpoint parse(String url, String source) {
		URI uri;
		try {
			uri = URI.create(url.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(source + " is not a valid URL");
		}
		if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalArgumentException(source + " must look like redis://host:port");
		}
		if (uri.getUserInfo() != null) {
			// TestRedis hands out host, port and database only; a password would be lost on the way.
			throw new IllegalArgumentException(source + " must not contain credentials; use a Redis without a password");
		}
		return new RedisEndpoint(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : DEFAULT_PORT);
	}

	@Override
	public String toString() {
		return "Redis at " + this.host + ":" + this.port;
	}

}
