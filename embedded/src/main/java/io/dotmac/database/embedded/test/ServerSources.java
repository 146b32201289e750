package io.dotmac.database.embedded.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.dotmac.database.embedded.EmbeddedPostgresServer;
import io.dotmac.database.embedded.EmbeddedRedisServer;
import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.RedisServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Decides where test servers come from and starts them: an existing server when its environment
 * variable is set; otherwise a Testcontainers container when Testcontainers is on the class path and
 * a Docker engine answers; otherwise embedded binaries.
 */
final class ServerSources {

	static final String POSTGRES_URL_VARIABLE = "DOTMAC_TEST_POSTGRES_URL";

	static final String REDIS_URL_VARIABLE = "DOTMAC_TEST_REDIS_URL";

	private static final Log logger = LogFactory.getLog(ServerSources.class);

	private final Function<String, @Nullable String> environment;

	private final BooleanSupplier dockerProbe;

	private @Nullable Boolean dockerAnswers;

	ServerSources(Function<String, @Nullable String> environment, BooleanSupplier dockerProbe) {
		this.environment = environment;
		this.dockerProbe = dockerProbe;
	}

	/**
	 * The sources for this JVM: the process environment and the real Docker engine, if any.
	 * @return the sources
	 */
	static ServerSources fromEnvironment() {
		return new ServerSources(System::getenv, () -> testcontainersPresent() && dockerHinted()
				&& ContainerServers.dockerAnswers());
	}

	ServerSource postgresSource() {
		return sourceFor(POSTGRES_URL_VARIABLE);
	}

	ServerSource redisSource() {
		return sourceFor(REDIS_URL_VARIABLE);
	}

	PostgresServer startPostgres() {
		ServerSource source = postgresSource();
		PostgresServer server = switch (source) {
			case EXISTING -> PostgresEndpoint.parse(url(POSTGRES_URL_VARIABLE), POSTGRES_URL_VARIABLE);
			case TESTCONTAINERS -> ContainerServers.startPostgres();
			case EMBEDDED -> EmbeddedPostgresServer.start();
		};
		logger.info("Test PostgreSQL: " + describe(source, POSTGRES_URL_VARIABLE, ContainerServers.POSTGRES_IMAGE)
				+ ", " + server.host() + ":" + server.port());
		return server;
	}

	RedisServer startRedis() {
		ServerSource source = redisSource();
		RedisServer server = switch (source) {
			case EXISTING -> RedisEndpoint.parse(url(REDIS_URL_VARIABLE), REDIS_URL_VARIABLE);
			case TESTCONTAINERS -> ContainerServers.startRedis();
			case EMBEDDED -> EmbeddedRedisServer.start();
		};
		logger.info("Test Redis: " + describe(source, REDIS_URL_VARIABLE, ContainerServers.REDIS_IMAGE) + ", "
				+ server.host() + ":" + server.port());
		return server;
	}

	private ServerSource sourceFor(String urlVariable) {
		if (hasText(this.environment.apply(urlVariable))) {
			return ServerSource.EXISTING;
		}
		return dockerAnswers() ? ServerSource.TESTCONTAINERS : ServerSource.EMBEDDED;
	}

	// Asked once, and shared by PostgreSQL and Redis, so one JVM never mixes containers and binaries
	// because Docker answered differently the second time.
	private synchronized boolean dockerAnswers() {
		if (this.dockerAnswers == null) {
			this.dockerAnswers = this.dockerProbe.getAsBoolean();
		}
		return this.dockerAnswers;
	}

	private String url(String variable) {
		String url = this.environment.apply(variable);
		if (url == null) {
			throw new IllegalStateException(variable + " is not set");
		}
		return url;
	}

	private static String describe(ServerSource source, String urlVariable, String image) {
		return switch (source) {
			case EXISTING -> "existing server from " + urlVariable;
			case TESTCONTAINERS -> "Testcontainers " + image;
			case EMBEDDED -> "embedded binaries (no " + urlVariable + ", no Docker engine)";
		};
	}

	private static boolean testcontainersPresent() {
		return ClassUtils.isPresent("org.testcontainers.DockerClientFactory", ServerSources.class.getClassLoader());
	}

	private static boolean dockerHinted() {
		Path home = Path.of(System.getProperty("user.home"));
		return hasText(System.getenv("DOCKER_HOST")) || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(home.resolve(".docker/run/docker.sock"))
				|| Files.exists(home.resolve(".testcontainers.properties"));
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
