package io.dotmac.database.embedded.autoconfigure;

import java.nio.file.Path;

import io.dotmac.database.embedded.EmbeddedRedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class EmbeddedRedisAutoConfigurationTest {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(EmbeddedRedisAutoConfiguration.class, DataRedisAutoConfiguration.class));

	// Without DataRedisAutoConfiguration, which wants more than a node list for sentinels.
	private final ApplicationContextRunner devServiceOnly = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EmbeddedRedisAutoConfiguration.class));

	@Test
	void startsRedisAndTheApplicationTalksToIt(CapturedOutput output) {
		Path[] workDirectory = new Path[1];
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EmbeddedRedisServer.class).hasSingleBean(DataRedisConnectionDetails.class);
			workDirectory[0] = context.getBean(EmbeddedRedisServer.class).workDirectory();
			try (RedisConnection connection = context.getBean(RedisConnectionFactory.class).getConnection()) {
				assertThat(connection.ping()).isEqualTo("PONG");
			}
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			template.opsForValue().set("tenant", "acme");
			assertThat(template.opsForValue().get("tenant")).isEqualTo("acme");
			assertThat(output).contains("Dev service: started embedded Redis at 127.0.0.1:");
		});
		assertThat(workDirectory[0]).as("server files after the context closed").doesNotExist();
	}

	@ParameterizedTest
	@ValueSource(strings = { "spring.data.redis.host=redis.example.com", "spring.data.redis.port=6380",
			"spring.data.redis.url=redis://redis.example.com:6379",
			"spring.data.redis.cluster.nodes=a.example.com:6379,b.example.com:6379",
			"spring.data.redis.cluster.nodes[0]=a.example.com:6379",
			"spring.data.redis.sentinel.nodes=s.example.com:26379",
			"spring.data.redis.masterreplica.nodes=m.example.com:6379",
			"dotmac.database.embedded.redis.enabled=false" })
	void backsOffWhenRedisIsConfiguredOrTheServiceDisabled(String property) {
		this.devServiceOnly.withPropertyValues(property)
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedRedisServer.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesConnectionDetails() {
		DataRedisConnectionDetails own = new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of("redis.example.com", 6379);
			}

		};
		this.contextRunner.withBean(DataRedisConnectionDetails.class, () -> own)
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedRedisServer.class)
				.getBean(DataRedisConnectionDetails.class)
				.isSameAs(own));
	}

}
