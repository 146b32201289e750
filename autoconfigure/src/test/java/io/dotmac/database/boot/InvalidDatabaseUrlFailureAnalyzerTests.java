package io.dotmac.database.boot;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.dotmac.database.jdbc.DatabaseUrl;
import io.dotmac.database.jdbc.InvalidDatabaseUrlException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class InvalidDatabaseUrlFailureAnalyzerTests {

	private static final String PASSWORD = "Zx9Tr0ub4dorQw7";

	private final InvalidDatabaseUrlFailureAnalyzer analyzer = new InvalidDatabaseUrlFailureAnalyzer();

	@Test
	void isRegisteredInSpringFactories() {
		// Some of Spring Boot's analyzers need a bean factory; skip those here.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
			})))
			.hasAtLeastOneElementOfType(InvalidDatabaseUrlFailureAnalyzer.class);
	}

	@Test
	void explainsAMalformedDatabaseUrlWithoutThePassword() {
		InvalidDatabaseUrlException cause = parse("postgres://app:" + PASSWORD + "@db.internal:54x32/app")
			.withOrigin("DATABASE_URL");
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("databaseUrlJdbcConnectionDetails", "failed", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo(
				"The database URL in DATABASE_URL is invalid: the port must be a number between 1 and 65535; "
						+ "percent-encode special characters such as / ? # @ : in the user name and password.");
		assertThat(analysis.getAction()).startsWith("Correct DATABASE_URL.")
			.contains("postgres://user:password@host:5432/database?sslmode=require")
			.contains("'@' as %40")
			.contains("set spring.datasource.url");
		assertThat(analysis.getCause()).isSameAs(cause);
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD)
			.doesNotContain("db.internal")
			.doesNotContain("54x32");
	}

	@Test
	void namesAnyOtherOriginWithoutSuggestingSpringDatasourceUrl() {
		InvalidDatabaseUrlException cause = parse("postgres://app:" + PASSWORD + "%zz@replica/app")
			.withOrigin("dotmac.database.replica.url");
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("wrapped", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("The database URL in dotmac.database.replica.url is invalid: "
				+ "invalid percent-encoding in the password");
		assertThat(analysis.getAction()).startsWith("Correct dotmac.database.replica.url.")
			.doesNotContain("spring.datasource.url");
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(this.analyzer.analyze(new IllegalStateException("something else"))).isNull();
	}

	private static InvalidDatabaseUrlException parse(String url) {
		InvalidDatabaseUrlException ex = catchThrowableOfType(InvalidDatabaseUrlException.class,
				() -> DatabaseUrl.parse(url));
		assertThat(ex).isNotNull();
		return ex;
	}

}
