package io.dotmac.database.embedded.test;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.RedisServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerSourcesTest {

	private final Map<String, String> environment = new HashMap<>();

	private final AtomicInteger dockerQuestions = new AtomicInteger();

	@Test
	void existingServersWinAndDockerIsNeverAsked() {
		this.environment.put("DOTMAC_TEST_POSTGRES_URL", "postgres://admin:secret@db.example.com:5433/postgres");
		this.environment.put("DOTMAC_TEST_REDIS_URL", "redis://cache.example.com:6380");
		ServerSources sources = sources(() -> {
			throw new AssertionError("Docker must not be asked");
		});

		assertThat(sources.postgresSource()).isEqualTo(ServerSource.EXISTING);
		assertThat(sources.redisSource()).isEqualTo(ServerSource.EXISTING);
	}

	@Test
	void containersWhenDockerAnswersAndDockerIsAskedOnlyOnce() {
		ServerSources sources = sources(() -> true);

		assertThat(sources.postgresSource()).isEqualTo(ServerSource.TESTCONTAINERS);
		assertThat(sources.redisSource()).isEqualTo(ServerSource.TESTCONTAINERS);
		assertThat(this.dockerQuestions).hasValue(1);
	}

	@Test
	void embeddedWhenNothingElseIsThere() {
		ServerSources sources = sources(() -> false);

		assertThat(sources.postgresSource()).isEqualTo(ServerSource.EMBEDDED);
		assertThat(sources.redisSource()).isEqualTo(ServerSource.EMBEDDED);
	}

	@Test
	void anExistingPostgresqlIsUsedThroughItsAdminUrl() throws SQLException {
		PostgresServer real = TestServers.postgres();
		this.environment.put("DOTMAC_TEST_POSTGRES_URL", "jdbc:postgresql://" + real.host() + ":" + real.port() + "/"
				+ real.adminDatabase() + "?user=" + real.adminUsername() + "&password=" + real.adminPassword());

		PostgresServer existing = sources(() -> false).startPostgres();

		assertThat(existing).isInstanceOf(PostgresEndpoint.class);
		try (TestDatabase database = TestDatabase.create(existing)) {
			assertThat(Sql.queryString(database.appDataSource(), "SELECT current_user")).isEqualTo(database.appUsername());
		}
	}

	@Test
	void anExistingRedisIsUsedThroughItsUrl() {
		RedisServer real = TestServers.redis();
		this.environment.put("DOTMAC_TEST_REDIS_URL", "redis://" + real.host() + ":" + real.port());

		RedisServer existing = sources(() -> false).startRedis();

		assertThat(existing).isEqualTo(new RedisEndpoint(real.host(), real.port()));
		RedisDatabaseReset.flush(existing, 3);
	}

	@Test
	void postgresUrlsInBothFormsKeepExtraParametersAndLoseCredentials() {
		PostgresEndpoint uri = PostgresEndpoint.parse("postgresql://ad%40min:p%3Ass@db.example.com/maintenance?sslmode=require",
				"TEST");
		assertThat(uri).extracting(PostgresEndpoint::host, PostgresEndpoint::port, PostgresEndpoint::adminDatabase,
				PostgresEndpoint::adminUsername, PostgresEndpoint::adminPassword)
			.containsExactly("db.example.com", 5432, "maintenance", "ad@min", "p:ss");
		assertThat(uri.adminJdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/maintenance?sslmode=require");

		PostgresEndpoint jdbc = PostgresEndpoint.parse("jdbc:postgresql://127.0.0.1:6543/?user=root&password=pw", "TEST");
		assertThat(jdbc.adminJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:6543/postgres");
		assertThat(jdbc.toString()).doesNotContain("pw");
	}

	@Test
	void badUrlsAreRejectedWithoutRepeatingThePassword() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PostgresEndpoint.parse("mysql://root:hunter2@db/x", "DOTMAC_TEST_POSTGRES_URL"))
			.withMessageContaining("DOTMAC_TEST_POSTGRES_URL")
			.withMessageNotContaining("hunter2");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PostgresEndpoint.parse("postgres://db.example.com/x?password=hunter2", "TEST"))
			.withMessageContaining("no user")
			.withMessageNotContaining("hunter2");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisEndpoint.parse("redis://:hunter2@cache:6379", "DOTMAC_TEST_REDIS_URL"))
			.withMessageNotContaining("hunter2");
	}

	private ServerSources sources(BooleanSupplier docker) {
		return new ServerSources(this.environment::get, () -> {
			this.dockerQuestions.incrementAndGet();
			return docker.getAsBoolean();
		});
	}

}
