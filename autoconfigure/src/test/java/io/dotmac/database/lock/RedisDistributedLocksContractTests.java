package io.dotmac.database.lock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestRedis;

/**
 * The lock contract against a real Redis, with two provider instances on two connection
 * factories standing for two processes.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDistributedLocksContractTests extends AbstractDistributedLocksContractTests {

	private LettuceConnectionFactory firstConnection;

	private LettuceConnectionFactory secondConnection;

	private RedisDistributedLocks first;

	private RedisDistributedLocks second;

	@BeforeAll
	void setUp(TestRedis redis) {
		this.firstConnection = RedisTestConnections.connect(redis);
		this.secondConnection = RedisTestConnections.connect(redis);
		this.first = new RedisDistributedLocks(this.firstConnection);
		this.second = new RedisDistributedLocks(this.secondConnection);
	}

	@AfterAll
	void tearDown() {
		this.first.close();
		this.second.close();
		this.firstConnection.destroy();
		this.secondConnection.destroy();
	}

	@Override
	protected DistributedLocks locks() {
		return this.first;
	}

	@Override
	protected DistributedLocks otherProcess() {
		return this.second;
	}

}
