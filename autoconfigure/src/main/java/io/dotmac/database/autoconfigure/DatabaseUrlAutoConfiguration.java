package io.dotmac.database.autoconfigure;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import io.dotmac.database.jdbc.DatabaseUrl;
import io.dotmac.database.jdbc.InvalidDatabaseUrlException;

/**
 * Connects to the database named by a {@code DATABASE_URL} environment variable (or
 * property), the way Heroku, Render, Railway, Fly.io and many others hand it out, when
 * {@code spring.datasource.url} is not set.
 * <p>
 * The URL is parsed by {@link DatabaseUrl}, so {@code postgres://user:pa%40ss@host/db},
 * {@code postgresql+asyncpg://...} and {@code jdbc:postgresql://...} all work, and reaches
 * Spring Boot's DataSource as {@link JdbcConnectionDetails}: every
 * {@code spring.datasource.hikari.*} setting still applies, and a
 * {@code JdbcConnectionDetails} bean of the user's or of Testcontainers wins. The
 * embedded dev-services database starts only when neither {@code spring.datasource.url}
 * nor {@code DATABASE_URL} is set, so the two never compete. Both count as set when they
 * hold text. An application that defines its own {@code DataSource} is left alone.
 * <p>
 * A malformed {@code DATABASE_URL} fails startup with an
 * {@link InvalidDatabaseUrlException}, which {@code InvalidDatabaseUrlFailureAnalyzer}
 * explains without repeating the URL.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({ DataSource.class, JdbcConnectionDetails.class })
@ConditionalOnMissingBean(DataSource.class)
@Conditional(DatabaseUrlAutoConfiguration.OnDatabaseUrlCondition.class)
public final class DatabaseUrlAutoConfiguration {

	/** The environment variable, or property, that holds the URL. */
	public static final String DATABASE_URL = "DATABASE_URL";

	private static final String SPRING_DATASOURCE_URL = "spring.datasource.url";

	DatabaseUrlAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(JdbcConnectionDetails.class)
	DatabaseUrlJdbcConnectionDetails databaseUrlJdbcConnectionDetails(Environment environment) {
		try {
			return new DatabaseUrlJdbcConnectionDetails(DatabaseUrl.parse(environment.getProperty(DATABASE_URL)));
		}
		catch (InvalidDatabaseUrlException ex) {
			throw ex.withOrigin(DATABASE_URL);
		}
	}

	/**
	 * {@link JdbcConnectionDetails} from a parsed {@code DATABASE_URL}.
	 */
	static final class DatabaseUrlJdbcConnectionDetails implements JdbcConnectionDetails {

		private final DatabaseUrl url;

		DatabaseUrlJdbcConnectionDetails(DatabaseUrl url) {
			this.url = url;
		}

		@Override
		public @Nullable String getUsername() {
			return this.url.username();
		}

		@Override
		public @Nullable String getPassword() {
			return this.url.password();
		}

		@Override
		public String getJdbcUrl() {
			return this.url.jdbcUrl();
		}

		@Override
		public String toString() {
			return "DatabaseUrlJdbcConnectionDetails[" + this.url + "]";
		}

	}

	/**
	 * Matches when {@code DATABASE_URL} holds text and {@code spring.datasource.url} does
	 * not.
	 */
	static final class OnDatabaseUrlCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition(DATABASE_URL);
			Environment environment = context.getEnvironment();
			if (hasText(environment, SPRING_DATASOURCE_URL)) {
				return ConditionOutcome.noMatch(message.because(SPRING_DATASOURCE_URL + " is set"));
			}
			if (!hasText(environment, DATABASE_URL)) {
				return ConditionOutcome.noMatch(message.didNotFind("property").items(DATABASE_URL));
			}
			return ConditionOutcome.match(message.foundExactly("property " + DATABASE_URL));
		}

		private static boolean hasText(Environment environment, String name) {
			try {
				return StringUtils.hasText(environment.getProperty(name));
			}
			catch (IllegalArgumentException ex) {
				// An unresolvable placeholder still means the user set the property.
				return true;
			}
		}

	}

}
