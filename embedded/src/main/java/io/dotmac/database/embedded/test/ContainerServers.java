package io.dotmac.database.embedded.test;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.RedisServer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Servers in Docker containers through Testcontainers. This is the only class that touches
 * Testcontainers types; {@link ServerSources} loads it only after checking that Testcontainers is on
 * the class path. Testcontainers' Ryuk container removes the containers when the JVM exits, however
 * it exits.
 */
final class ContainerServers {

	static final String POSTGRES_IMAGE = "postgres:17-alpine";

	static final String REDIS_IMAGE = "redis:7-alpine";

	private static final int POSTGRES_PORT = 5432;

	private static final int REDIS_PORT = 6379;

	private ContainerServers() {
	}

	static boolean dockerAnswers() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	static PostgresServer startPostgres() {
		PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE))
			// The same test-friendly settings as the embedded server.
			.withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
					"-c", "max_connections=300");
		container.start();
		return new PostgresEndpoint(container.getHost(), container.getMappedPort(POSTGRES_PORT),
				container.getDatabaseName(), container.getUsername(), container.getPassword(), "");
	}

	static RedisServer startRedis() {
		GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
			.withExposedPorts(REDIS_PORT);
		container.start();
		return new RedisEndpoint(container.getHost(), container.getMappedPort(REDIS_PORT));
	}

}
