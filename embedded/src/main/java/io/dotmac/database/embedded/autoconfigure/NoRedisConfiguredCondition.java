package io.dotmac.database.embedded.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application names no Redis server: none of {@code spring.data.redis.host},
 * {@code .port}, {@code .url}, {@code .cluster.nodes}, {@code .sentinel.nodes} or
 * {@code .masterreplica.nodes} is set. A port alone counts too: it means a server on localhost that
 * the user runs. The binder sees node lists written both as a comma-separated value and as YAML
 * lists.
 */
class NoRedisConfiguredCondition extends SpringBootCondition {

	private static final List<String> REDIS_PROPERTIES = List.of("spring.data.redis.host", "spring.data.redis.port",
			"spring.data.redis.url",
			"spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.nodes",
			"spring.data.redis.masterreplica.nodes");

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Configured Redis");
		Binder binder = Binder.get(context.getEnvironment());
		for (String property : REDIS_PROPERTIES) {
			if (binder.bind(property, Bindable.listOf(String.class)).isBound()) {
				return ConditionOutcome.noMatch(message.found("property").items(property));
			}
		}
		return ConditionOutcome.match(message.didNotFind("property").items(REDIS_PROPERTIES));
	}

}
