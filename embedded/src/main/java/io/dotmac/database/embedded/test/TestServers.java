package io.dotmac.database.embedded.test;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.RedisServer;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL and Redis servers of this JVM, started on first use and shared by every test class.
 * Tests do not use them directly as administrator; they ask {@link TestDatabase#create()} and
 * {@link TestRedis#create()} for an isolated database.
 * <p>
 * Where the servers come from is decided once per JVM: {@code DOTMAC_TEST_POSTGRES_URL} (an admin
 * JDBC URL with {@code user=} and {@code password=}, or {@code postgres://user:password@host:port/db})
 * and {@code DOTMAC_TEST_REDIS_URL} ({@code redis://host:port}) name existing servers; otherwise
 * Testcontainers ({@code postgres:17-alpine}, {@code redis:7-alpine}) when it is on the class path and
 * a Docker engine answers; otherwise embedded binaries from Maven Central. The choice is logged.
 * Servers this JVM starts stop when it exits, even when it is killed.
 */
public final class TestServers {

	private static final ServerSources sources = ServerSources.fromEnvironment();

	private static final Object postgresLock = new Object();

	private static final Object redisLock = new Object();

	private static @Nullable PostgresServer postgres;

	private static @Nullable RedisServer redis;

	private TestServers() {
	}

	/**
	 * The PostgreSQL server, with administrator access.
	 * @return the server, started on the first call
	 */
	public static PostgresServer postgres() {
		synchronized (postgresLock) {
			PostgresServer server = postgres;
			if (server == null) {
				server = sources.startPostgres();
				postgres = server;
			}
			return server;
		}
	}

	/**
	 * The Redis server.
	 * @return the server, started on the first call
	 */
	public static RedisServer redis() {
		synchronized (redisLock) {
			RedisServer server = redis;
			if (server == null) {
				server = sources.startRedis();
				redis = server;
			}
			return server;
		}
	}

}
