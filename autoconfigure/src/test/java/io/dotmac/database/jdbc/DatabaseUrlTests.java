package io.dotmac.database.jdbc;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.jdbc.DatabaseUrl.HostAndPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DatabaseUrlTests {

	/** Distinctive enough that no error message could contain a piece of it by chance. */
	static final String PASSWORD = "Zx9Tr0ub4dorQw7";

	@Test
	void parsesPlatformUrlWithEncodedPassword() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://user:pa%40ss@host:5432/db?sslmode=require");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db?sslmode=require");
		assertThat(url.username()).isEqualTo("user");
		assertThat(url.password()).isEqualTo("pa@ss");
		assertThat(url.hosts()).containsExactly(new HostAndPort("host", 5432));
		assertThat(url.database()).isEqualTo("db");
		assertThat(url.sslMode()).isEqualTo(SslMode.REQUIRE);
		assertThat(url.parameters()).isEmpty();
	}

	@Test
	void defaultsThePortTo5432() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app@db.example.com/app");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/app");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg",
			"postgresql+psycopg2", "POSTGRESQL", "Postgres+AsyncPG" })
	void acceptsEveryPostgresScheme(String scheme) {
		DatabaseUrl url = DatabaseUrl.parse(scheme + "://u:p@h:6543/d");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:6543/d");
		assertThat(url.username()).isEqualTo("u");
		assertThat(url.password()).isEqualTo("p");
	}

	@Test
	void takesCredentialsOutOfAJdbcUrlQuery() {
		DatabaseUrl url = DatabaseUrl
			.parse("jdbc:postgresql://h:5432/d?user=app&password=s3cret&sslmode=verify-full&ApplicationName=billing");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d?sslmode=verify-full&ApplicationName=billing");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isEqualTo("s3cret");
		assertThat(url.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
	}

	@Test
	void acceptsAJdbcUrlWithoutCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h/d");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d");
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void queryCredentialsOverrideUserInfoAsInLibpq() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://a:b@h/d?user=c&password=d");
		assertThat(url.username()).isEqualTo("c");
		assertThat(url.password()).isEqualTo("d");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d");
	}

	@Test
	void decodesEveryReservedCharacterInUserAndPassword() {
		String password = "p:a/s?s#w%o+r d@€";
		DatabaseUrl url = DatabaseUrl.parse("postgres://us%3Aer:" + UrlEncoding.encode(password) + "@h/d");
		assertThat(url.username()).isEqualTo("us:er");
		assertThat(url.password()).isEqualTo(password);
	}

	@Test
	void keepsPlusLiteralInLibpqUrlsButReadsItAsSpaceInJdbcUrlsLikeTheDriver() {
		assertThat(DatabaseUrl.parse("postgres://u:a+b@h/d").password()).isEqualTo("a+b");
		assertThat(DatabaseUrl.parse("jdbc:postgresql://h/d?password=a+b").password()).isEqualTo("a b");
		assertThat(DatabaseUrl.parse("jdbc:postgresql://h/d?password=a%2Bb").password()).isEqualTo("a+b");
	}

	@Test
	void takesTheLastAtSignAsTheEndOfUnencodedCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://user:p@ss@host/db");
		assertThat(url.password()).isEqualTo("p@ss");
		assertThat(url.hosts()).containsExactly(new HostAndPort("host", 5432));
	}

	@Test
	void parsesIpv6Hosts() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://u:p@[2001:db8::1]:6000/d");
		assertThat(url.hosts()).containsExactly(new HostAndPort("2001:db8::1", 6000));
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[2001:db8::1]:6000/d");
		assertThat(DatabaseUrl.parse("postgres://[::1]/d").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/d");
	}

	@Test
	void keepsMultipleHostsInOrderAndTranslatesTargetSessionAttrs() {
		DatabaseUrl url = DatabaseUrl
			.parse("postgresql://u:p@h1:5432,h2:5433,[::1]/d?target_session_attrs=read-write&application_name=x");
		assertThat(url.hosts()).containsExactly(new HostAndPort("h1", 5432), new HostAndPort("h2", 5433),
				new HostAndPort("::1", 5432));
		assertThat(url.jdbcUrl())
			.isEqualTo("jdbc:postgresql://h1:5432,h2:5433,[::1]:5432/d?targetServerType=primary&ApplicationName=x");
	}

	@Test
	void translatesLibpqParametersButPassesOthersThrough() {
		DatabaseUrl url = DatabaseUrl
			.parse("postgresql+psycopg://u:p@h/d?connect_timeout=10&ssl=verify-ca&options=-c%20search_path%3Dapp");
		assertThat(url.sslMode()).isEqualTo(SslMode.VERIFY_CA);
		assertThat(url.parameters()).containsExactly(Map.entry("connectTimeout", "10"),
				Map.entry("options", "-c search_path=app"));
		assertThat(url.jdbcUrl())
			.isEqualTo("jdbc:postgresql://h:5432/d?sslmode=verify-ca&connectTimeout=10&options=-c%20search_path%3Dapp");
	}

	@Test
	void leavesJdbcParametersAsTheyAre() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://h/d?application_name=x&ssl=true");
		assertThat(url.parameters()).containsExactly(Map.entry("application_name", "x"), Map.entry("ssl", "true"));
		assertThat(url.sslMode()).isNull();
	}

	@Test
	void allowsUrlsWithoutDatabaseOrPassword() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://u:@h");
		assertThat(url.database()).isNull();
		assertThat(url.password()).isNull();
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/");
	}

	@Test
	void ignoresSurroundingWhitespaceAsFromAnEnvFile() {
		assertThat(DatabaseUrl.parse("  postgres://u:p@h/d\n").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d");
	}

	@Test
	void encodesDatabaseNamesAndParameterValuesSoTheDriverReadsThemBack() {
		DatabaseUrl url = DatabaseUrl.builder()
			.host("h")
			.database("my db/ü+")
			.parameter("options", "-c statement_timeout=5s&x")
			.build();
		assertThat(url.jdbcUrl())
			.isEqualTo("jdbc:postgresql://h:5432/my%20db%2F%C3%BC%2B?options=-c%20statement_timeout%3D5s%26x");
		DatabaseUrl reparsed = DatabaseUrl.parse(url.jdbcUrl());
		assertThat(reparsed).isEqualTo(url);
	}

	@Test
	void jdbcUrlNeverCarriesCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://admin:" + PASSWORD + "@h/d?sslmode=disable");
		assertThat(url.jdbcUrl()).doesNotContain(PASSWORD).doesNotContain("admin").doesNotContain("user=");
	}

	@Test
	void toStringMasksThePasswordAndPasswordParameters() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://admin:" + PASSWORD + "@h/d?sslpassword=" + PASSWORD + "x");
		assertThat(url.toString()).doesNotContain(PASSWORD)
			.contains("username=admin")
			.contains("password=******")
			.contains("sslpassword=******")
			.contains("jdbc:postgresql://h:5432/d");
		assertThat(DatabaseUrl.parse("postgres://h/d").toString()).contains("password=null");
	}

	@Test
	void buildsFromParts() {
		DatabaseUrl url = DatabaseUrl.builder()
			.driver("postgresql+asyncpg")
			.host("localhost")
			.port(6543)
			.database("mydb")
			.username("user")
			.password("pass")
			.sslMode(SslMode.PREFER)
			.parameter("ApplicationName", "billing")
			.build();
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:6543/mydb?sslmode=prefer&ApplicationName=billing");
		assertThat(url.username()).isEqualTo("user");
		assertThat(url.password()).isEqualTo("pass");
		assertThat(url).isEqualTo(DatabaseUrl.parse("postgresql+asyncpg://user:pass@localhost:6543/mydb"
				+ "?sslmode=prefer&ApplicationName=billing"));
	}

	@Test
	void builderAcceptsIpv6WithOrWithoutBracketsAndMoreHosts() {
		DatabaseUrl url = DatabaseUrl.builder().host("::1").addHost("[fe80::2]", 5433).addHost("h3", 5434).build();
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432,[fe80::2]:5433,h3:5434/");
	}

	@Test
	void builderRoutesWellKnownParameters() {
		DatabaseUrl url = DatabaseUrl.builder()
			.host("h")
			.parameter("USER", "u")
			.parameter("password", "p")
			.parameter("sslmode", "VERIFY-FULL")
			.build();
		assertThat(url.username()).isEqualTo("u");
		assertThat(url.password()).isEqualTo("p");
		assertThat(url.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
		assertThat(url.parameters()).isEmpty();
	}

	@Test
	void toBuilderReplacesCredentialsAndKeepsTheRest() {
		DatabaseUrl original = DatabaseUrl.parse("postgres://a:b@h1,h2:6000/d?sslmode=require&application_name=x");
		DatabaseUrl changed = original.toBuilder().username("c").password("d").build();
		assertThat(changed.jdbcUrl()).isEqualTo(original.jdbcUrl());
		assertThat(changed.username()).isEqualTo("c");
		assertThat(changed.password()).isEqualTo("d");
		assertThat(changed).isNotEqualTo(original);
	}

	@Test
	void builderRejectsAnotherDatabaseAsDriver() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.builder().driver("mysql+pymysql"))
			.withMessageContaining("unsupported scheme 'mysql+pymysql'");
	}

	@Test
	void builderRejectsMissingHostAndBadPort() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.builder().password(PASSWORD).build())
			.withMessage("Invalid database URL: the URL has no host");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.builder().host("h").port(0).password(PASSWORD).build())
			.withMessageContaining("the port must be a number between 1 and 65535");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.builder().host("h/x").build())
			.withMessageContaining("host name contains characters that are not allowed");
	}

	static Stream<Arguments> malformedUrls() {
		String pw = PASSWORD;
		return Stream.of(arguments("", "the URL is empty"), arguments("   ", "the URL is empty"),
				arguments(null, "the URL is empty"), arguments(pw, "the URL has no scheme"),
				arguments("app:" + pw + "@host/db", "the URL has no scheme"),
				arguments("mysql://app:" + pw + "@host/db", "unsupported scheme 'mysql'"),
				arguments("jdbc:mysql://host/db?password=" + pw, "unsupported scheme 'jdbc:mysql'"),
				arguments("postgres://app:" + pw + "@/db", "the URL has no host"),
				arguments("postgres://app:" + pw + "@:5432/db", "the URL has no host"),
				arguments("postgres://app:" + pw + "@host,/db", "the URL has no host in one entry of its host list"),
				arguments("postgres://app:" + pw + "@host:abc/db", "the port must be a number between 1 and 65535"),
				arguments("postgres://app:" + pw + "@host:70000/db", "the port must be a number between 1 and 65535"),
				arguments("postgres://app:" + pw + "@host:0/db", "the port must be a number between 1 and 65535"),
				arguments("postgres://app:" + pw + "@host:/db", "the port is empty"),
				// An unencoded '/' or '?' in the password ends the host part early.
				arguments("postgres://app:" + pw + "/x@host/db", "the URL contains '@' after the host"),
				arguments("postgres://app:" + pw + "?x@host/db", "the port must be a number between 1 and 65535"),
				arguments("postgres://app:" + pw.substring(0, 4) + "/" + pw.substring(4) + "@host:5432/db",
						"the URL contains '@' after the host"),
				arguments("postgres://app:" + pw + "#x@host/db", "the URL contains '#'"),
				arguments("postgres://app:" + pw + " x@host/db", "whitespace"),
				arguments("postgres://app:" + pw + "%zz@host/db", "invalid percent-encoding in the password"),
				arguments("postgres://app:" + pw + "%4@host/db", "invalid percent-encoding in the password"),
				arguments("postgres://app:" + pw + "%C3%28@host/db", "the escaped bytes are not UTF-8"),
				arguments("postgres://app%ZZ:" + pw + "@host/db", "invalid percent-encoding in the user name"),
				arguments("postgres://app:" + pw + "@host/d%zzb", "invalid percent-encoding in the database name"),
				arguments("jdbc:postgresql://host/db?user=app&password=" + pw + "%G1",
						"invalid percent-encoding in the value of a query parameter"),
				arguments("postgres://app:" + pw + "@host/db?sslmode=sometimes", "sslmode must be one of"),
				arguments("postgres://app:" + pw + "@host/db?target_session_attrs=any-old",
						"target_session_attrs must be one of"),
				arguments("postgres://app:" + pw + "@host/db?=x", "a query parameter has no name"),
				arguments("postgres://app:" + pw + "@host/db/extra", "the database name contains '/'"),
				arguments("postgres://app:" + pw + "@[::1/db", "missing its closing ']'"),
				arguments("postgres://app:" + pw + "@[::1]x/db", "must be followed by ':' and a port"),
				arguments("postgres://app:" + pw + "@[::g]/db", "IPv6 address contains characters"),
				arguments("postgres://app:" + pw + "@::1/db", "must be enclosed in '[' and ']'"),
				arguments("postgres://app:" + pw + "@ho$t/db", "host name contains characters that are not allowed"));
	}

	@ParameterizedTest
	@MethodSource("malformedUrls")
	void rejectsMalformedUrlsWithoutRevealingThePassword(String url, String problem) {
		InvalidDatabaseUrlException ex = parseExpectingFailure(url);
		assertThat(ex).isInstanceOf(DatabaseValidationException.class);
		assertThat(ex.getMessage()).startsWith("Invalid database URL: ").contains(problem);
		assertThat(ex.getProblem()).contains(problem);
		assertNoPieceOfThePassword(ex);
		assertNoPieceOfThePassword(ex.withOrigin("DATABASE_URL"));
	}

	@Test
	void withOriginNamesWhereTheUrlCameFrom() {
		InvalidDatabaseUrlException ex = parseExpectingFailure("postgres://app:" + PASSWORD + "@host:x/db")
			.withOrigin("DATABASE_URL");
		assertThat(ex.getOrigin()).isEqualTo("DATABASE_URL");
		assertThat(ex.getMessage()).startsWith("Invalid database URL in DATABASE_URL: the port must be");
		assertThat(ex.getCause()).isInstanceOf(InvalidDatabaseUrlException.class);
	}

	private static InvalidDatabaseUrlException parseExpectingFailure(String url) {
		try {
			DatabaseUrl parsed = DatabaseUrl.parse(url);
			throw new AssertionError("Expected a failure, got " + parsed);
		}
		catch (InvalidDatabaseUrlException ex) {
			return ex;
		}
	}

	/**
	 * Asserts that no five characters in a row of the password appear anywhere in the
	 * exception, its causes or their string forms, so that neither the password nor a
	 * piece of it cut off by a parser that mistook its boundaries can leak.
	 */
	static void assertNoPieceOfThePassword(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			for (String text : List.of(String.valueOf(t.getMessage()), t.toString())) {
				for (int i = 0; i + 5 <= PASSWORD.length(); i++) {
					assertThat(text).doesNotContain(PASSWORD.substring(i, i + 5));
				}
			}
		}
	}

}
