package io.dotmac.database.embedded.test;

import java.util.HashSet;
import java.util.Set;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestRedisTest {

	private RedisClient client;

	@AfterEach
	void shutDownClient() {
		if (this.client != null) {
			this.client.shutdown();
		}
	}

	@Test
	void handsOutEachOfDatabasesOneToFifteenInTurn() {
		Set<Integer> databases = new HashSet<>();
		for (int i = 0; i < 15; i++) {
			databases.add(TestRedis.create().database());
		}
		assertThat(databases).hasSize(15).allMatch((database) -> database >= 1 && database <= 15);
	}

	@Test
	void aDatabaseIsEmptyWhenHandedOutAgain() {
		TestRedis first = TestRedis.create();
		try (StatefulRedisConnection<String, String> connection = connect(first)) {
			connection.sync().set("left-behind", "by an earlier test");
			assertThat(connection.sync().dbsize()).isEqualTo(1);

			TestRedis again = first;
			while (again == first || again.database() != first.database()) {
				again = TestRedis.create();
			}

			assertThat(connection.sync().dbsize()).isZero();
		}
	}

	@Test
	void urlNamesServerAndDatabaseForARealClient() {
		TestRedis redis = TestRedis.create();
		assertThat(redis.url()).isEqualTo("redis://" + redis.host() + ":" + redis.port() + "/" + redis.database());
		this.client = RedisClient.create(redis.url());
		try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			assertThat(commands.ping()).isEqualTo("PONG");
			commands.set("key", "value");
			assertThat(commands.clientList()).contains("db=" + redis.database());
		}
	}

	private StatefulRedisConnection<String, String> connect(TestRedis redis) {
		this.client = RedisClient.create(RedisURI.builder()
			.withHost(redis.host())
			.withPort(redis.port())
			.withDatabase(redis.database())
			.build());
		return this.client.connect();
	}

}
