package io.dotmac.database.embedded;

/**
 * Where a Redis server listens. The servers this module starts need no password.
 */
public interface RedisServer {

	/**
	 * Host name or address the server listens on.
	 * @return the host
	 */
	String host();

	/**
	 * TCP port the server listens on.
	 * @return the port
	 */
	int port();

}
