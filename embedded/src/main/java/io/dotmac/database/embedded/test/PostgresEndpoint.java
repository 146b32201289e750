package io.dotmac.database.embedded.test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dotmac.database.embedded.PostgresServer;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server this JVM did not start from binaries: one named by
 * {@code DOTMAC_TEST_POSTGRES_URL}, or a Testcontainers container.
 *
 * @param host the host
 * @param port the port
 * @param adminDatabase the database the administrator connects to
 * @param adminUsername the superuser
 * @param adminPassword the superuser's password
 * @param parameters extra JDBC URL parameters such as {@code sslmode}, as {@code ?a=b&c=d}, or empty
 */
record PostgresEndpoint(String host, int port, String adminDatabase, String adminUsername, String adminPassword,
		String parameters) implements PostgresServer {

	private static final int DEFAULT_PORT = 5432;

	/**
	 * Parses {@code jdbc:postgresql://host:port/db?user=..&password=..} or
	 * {@code postgres://user:password@host:port/db}. Error messages never repeat the URL, which
	 * holds a password.
	 * @param url the URL
	 * @param source where the URL came from, for error messages
	 * @return the endpoint
	 */
	static PostgresEndpoint parse(String url, String source) {
		String trimmed = url.trim();
		if (trimmed.startsWith("jdbc:postgresql://")) {
			trimmed = trimmed.substring("jdbc:".length());
		}
		else if (!trimmed.startsWith("postgres://") && !trimmed.startsWith("postgresql://")) {
			throw new IllegalArgumentException(source + " must start with jdbc:postgresql://, postgres:// or postgresql://");
		}
		URI uri;
		try {
			uri = URI.create(trimmed);
		}
		catch (IllegalArgumentException ex) {
			// Not chained: the cause's message would repeat the URL and its password.
			throw new IllegalArgumentException(source + " is not a valid URL (percent-encode special characters)");
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException(source + " names no host");
		}
		Map<String, String> query = parseQuery(uri.getRawQuery());
		@Nullable String username = query.remove("user");
		@Nullable String password = query.remove("password");
		if (uri.getRawUserInfo() != null) {
			String[] userInfo = uri.getRawUserInfo().split(":", 2);
			username = decode(userInfo[0]);
			password = (userInfo.length > 1) ? decode(userInfo[1]) : password;
		}
		if (username == null || username.isEmpty()) {
			throw new IllegalArgumentException(source + " names no user (user= parameter or user:password@host)");
		}
		String path = (uri.getPath() != null) ? uri.getPath().replaceFirst("^/", "") : "";
		return new PostgresEndpoint(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : DEFAULT_PORT,
				path.isEmpty() ? "postgres" : path, username, (password != null) ? password : "",
				toQuery(query));
	}

	@Override
	public String jdbcUrl(String database) {
		return PostgresServer.super.jdbcUrl(database) + this.parameters;
	}

	@Override
	public String toString() {
		return "PostgreSQL at " + this.host + ":" + this.port;
	}

	private static Map<String, String> parseQuery(@Nullable String rawQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				String[] nameAndValue = pair.split("=", 2);
				parameters.put(decode(nameAndValue[0]), (nameAndValue.length > 1) ? decode(nameAndValue[1]) : "");
			}
		}
		return parameters;
	}

	private static String toQuery(Map<String, String> parameters) {
		List<String> pairs = new ArrayList<>();
		parameters.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
		return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
