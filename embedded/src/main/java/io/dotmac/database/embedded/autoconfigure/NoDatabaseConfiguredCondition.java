package io.dotmac.database.embedded.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the application names no database: neither {@code spring.datasource.url} nor the
 * {@code DATABASE_URL} that platforms such as Heroku and Render set is present.
 */
class NoDatabaseConfiguredCondition extends SpringBootCondition {

	private static final List<String> DATABASE_PROPERTIES = List.of("spring.datasource.url", "DATABASE_URL");

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Configured database");
		for (String property : DATABASE_PROPERTIES) {
			if (isSet(context.getEnvironment(), property)) {
				return ConditionOutcome.noMatch(message.found("property").items(property));
			}
		}
		return ConditionOutcome.match(message.didNotFind("property").items(DATABASE_PROPERTIES));
	}

	private static boolean isSet(Environment environment, String property) {
		if (!environment.containsProperty(property)) {
			return false;
		}
		try {
			return StringUtils.hasText(environment.getProperty(property));
		}
		catch (IllegalArgumentException unresolvablePlaceholder) {
			// Someone meant to set it; starting a server of our own would hide their mistake.
			return true;
		}
	}

}
