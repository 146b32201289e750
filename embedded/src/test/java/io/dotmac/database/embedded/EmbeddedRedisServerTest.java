package io.dotmac.database.embedded;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmbeddedRedisServerTest {

	@Test
	void answersARealClientAndStopsCleanly() {
		EmbeddedRedisServer server = EmbeddedRedisServer.start();
		long pid = server.pid();
		ProcessHandle watchdog = server.watchdog().processHandle().orElseThrow();
		try {
			RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().ping()).isEqualTo("PONG");
				connection.sync().set("greeting", "hello");
				assertThat(connection.sync().get("greeting")).isEqualTo("hello");
				assertThat(connection.sync().configGet("save")).containsEntry("save", "");
			}
			finally {
				client.shutdown();
			}
			assertThat(Processes.isRunning(pid)).isTrue();
		}
		finally {
			server.close();
		}

		assertThat(Processes.isRunning(pid)).isFalse();
		assertThat(server.workDirectory()).doesNotExist();
		await().atMost(Duration.ofSeconds(30)).until(() -> !watchdog.isAlive());
	}

}
