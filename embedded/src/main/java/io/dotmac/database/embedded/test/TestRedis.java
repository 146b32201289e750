package io.dotmac.database.embedded.test;

import java.util.concurrent.atomic.AtomicInteger;

import io.dotmac.database.embedded.RedisServer;

/**
 * One Redis logical database on the shared {@link TestServers#redis() test server}, emptied when
 * it is handed out. Databases 1 to 15 are handed out in turn (database 0 is left to anything that
 * does not ask), so test classes that run one after another never see each other's keys.
 */
public final class TestRedis {

	private static final int FIRST_DATABASE = 1;

	private static final int DATABASE_COUNT = 15;

	private static final AtomicInteger handedOut = new AtomicInteger();

	private final RedisServer server;

	private final int database;

	private TestRedis(RedisServer server, int database) {
		this.server = server;
		this.database = database;
	}

	/**
	 * Hands out the next logical database, emptied with {@code FLUSHDB}.
	 * @return the database
	 */
	public static TestRedis create() {
		RedisServer server = TestServers.redis();
		int database = FIRST_DATABASE + Math.floorMod(handedOut.getAndIncrement(), DATABASE_COUNT);
		RedisDatabaseReset.flush(server, database);
		return new TestRedis(server, database);
	}

	/**
	 * Host name or address of the server.
	 * @return the host
	 */
	public String host() {
		return this.server.host();
	}

	/**
	 * Port of the server.
	 * @return the port
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * The logical database, between 1 and 15.
	 * @return the database index
	 */
	public int database() {
		return this.database;
	}

	/**
	 * The URL of this database, {@code redis://host:port/database}, as
	 * {@code spring.data.redis.url} takes it.
	 * @return the URL
	 */
	public String url() {
		return "redis://" + host() + ":" + port() + "/" + this.database;
	}

	@Override
	public String toString() {
		return "test Redis database " + this.database + " (" + url() + ")";
	}

}
