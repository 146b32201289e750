package io.dotmac.database.jdbc;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Parses the database URLs described on {@link DatabaseUrl}.
 * <p>
 * Written by hand rather than with {@link java.net.URI}, which rejects the comma-separated
 * host lists of multi-host URLs and the unencoded characters platforms sometimes leave in
 * a password, and whose error messages quote the input. Every error here names the
 * problem and never repeats the input, except a scheme.
 */
final class DatabaseUrlParser {

	private static final Pattern POSTGRES_SCHEME = Pattern.compile("postgres(ql)?(\\+[a-z0-9_]+)?|jdbc:postgresql");

	private static final Pattern SHOWABLE_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.:_-]{0,31}");

	private static final String EXPECTED_SCHEMES = "expected postgres://, postgresql://, postgresql+<driver>:// "
			+ "or jdbc:postgresql://";

	private static final String ENCODE_HINT = "; percent-encode special characters such as / ? # @ : in the user name"
			+ " and password";

	/** libpq parameter names whose JDBC driver counterparts are spelled differently. */
	private static final Map<String, String> LIBPQ_TO_JDBC = Map.of("application_name", "ApplicationName",
			"connect_timeout", "connectTimeout", "target_session_attrs", "targetServerType");

	/** libpq's target_session_attrs values and the JDBC driver's targetServerType values. */
	private static final Map<String, String> TARGET_SERVER_TYPES = Map.of("any", "any", "read-write", "primary",
			"primary", "primary", "read-only", "secondary", "standby", "secondary", "prefer-standby",
			"preferSecondary");

	private DatabaseUrlParser() {
	}

	static DatabaseUrl parse(@Nullable String input) {
		if (input == null || input.isBlank()) {
			throw new InvalidDatabaseUrlException("the URL is empty");
		}
		String url = input.strip();
		for (int i = 0; i < url.length(); i++) {
			char c = url.charAt(i);
			if (Character.isWhitespace(c) || Character.isISOControl(c)) {
				throw new InvalidDatabaseUrlException("the URL contains whitespace or control characters" + ENCODE_HINT);
			}
		}
		if (url.indexOf('#') >= 0) {
			throw new InvalidDatabaseUrlException("the URL contains '#'" + ENCODE_HINT + " ('#' is %23)");
		}
		int schemeEnd = url.indexOf("://");
		if (schemeEnd <= 0) {
			throw new InvalidDatabaseUrlException("the URL has no scheme; " + EXPECTED_SCHEMES);
		}
		boolean jdbc = checkScheme(url.substring(0, schemeEnd));
		DatabaseUrl.Builder builder = DatabaseUrl.builder();

		String rest = url.substring(schemeEnd + 3);
		int authorityEnd = indexOfPathOrQuery(rest);
		String authority = rest.substring(0, authorityEnd);
		String pathAndQuery = rest.substring(authorityEnd);

		int queryStart = pathAndQuery.indexOf('?');
		String path = (queryStart >= 0) ? pathAndQuery.substring(0, queryStart) : pathAndQuery;
		if (path.indexOf('@') >= 0) {
			// Most likely an unencoded '/' in the password ended the host part early.
			throw new InvalidDatabaseUrlException("the URL contains '@' after the host" + ENCODE_HINT);
		}

		int at = authority.lastIndexOf('@');
		if (at >= 0) {
			userInfo(authority.substring(0, at), builder);
		}
		hosts(authority.substring(at + 1), builder);
		if (path.length() > 1) {
			String database = path.substring(1);
			if (database.indexOf('/') >= 0) {
				throw new InvalidDatabaseUrlException("the database name contains '/'" + ENCODE_HINT
						+ ", and write a '/' in the database name as %2F");
			}
			builder.database(UrlEncoding.decode(database, jdbc, "the database name"));
		}
		if (queryStart >= 0) {
			query(pathAndQuery.substring(queryStart + 1), jdbc, builder);
		}
		return builder.build();
	}

	/**
	 * Check that a scheme or driver name means PostgreSQL.
	 * @param scheme the scheme, for example {@code postgresql+asyncpg}
	 * @return whether it is the JDBC scheme
	 * @throws InvalidDatabaseUrlException if it is not a PostgreSQL scheme
	 */
	static boolean checkScheme(String scheme) {
		String lowerCase = scheme.toLowerCase(Locale.ROOT);
		if (!POSTGRES_SCHEME.matcher(lowerCase).matches()) {
			String shown = SHOWABLE_SCHEME.matcher(scheme).matches() ? " '" + scheme + "'" : "";
			throw new InvalidDatabaseUrlException("unsupported scheme" + shown + "; " + EXPECTED_SCHEMES);
		}
		return lowerCase.startsWith("jdbc:");
	}

	static SslMode sslMode(String value) {
		SslMode mode = SslMode.fromValue(value);
		if (mode == null) {
			throw new InvalidDatabaseUrlException(
					"sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full");
		}
		return mode;
	}

	private static int indexOfPathOrQuery(String rest) {
		for (int i = 0; i < rest.length(); i++) {
			char c = rest.charAt(i);
			if (c == '/' || c == '?') {
				return i;
			}
		}
		return rest.length();
	}

	private static void userInfo(String userInfo, DatabaseUrl.Builder builder) {
		int colon = userInfo.indexOf(':');
		String user = (colon >= 0) ? userInfo.substring(0, colon) : userInfo;
		builder.username(UrlEncoding.decode(user, false, "the user name"));
		if (colon >= 0) {
			builder.password(UrlEncoding.decode(userInfo.substring(colon + 1), false, "the password"));
		}
	}

	private static void hosts(String hostList, DatabaseUrl.Builder builder) {
		if (hostList.isEmpty()) {
			throw new InvalidDatabaseUrlException("the URL has no host");
		}
		boolean first = true;
		for (String hostAndPort : hostList.split(",", -1)) {
			String host;
			String port;
			if (hostAndPort.startsWith("[")) {
				int close = hostAndPort.indexOf(']');
				if (close < 0) {
					throw new InvalidDatabaseUrlException("an IPv6 address is missing its closing ']'");
				}
				host = hostAndPort.substring(1, close);
				String afterAddress = hostAndPort.substring(close + 1);
				if (!afterAddress.isEmpty() && !afterAddress.startsWith(":")) {
					throw new InvalidDatabaseUrlException("an IPv6 address must be followed by ':' and a port, or by "
							+ "nothing");
				}
				port = afterAddress.isEmpty() ? null : afterAddress.substring(1);
			}
			else {
				int colon = hostAndPort.indexOf(':');
				if (colon >= 0 && hostAndPort.indexOf(':', colon + 1) >= 0) {
					throw new InvalidDatabaseUrlException("an IPv6 address must be enclosed in '[' and ']'");
				}
				host = (colon >= 0) ? hostAndPort.substring(0, colon) : hostAndPort;
				port = (colon >= 0) ? hostAndPort.substring(colon + 1) : null;
			}
			if (host.isEmpty()) {
				throw new InvalidDatabaseUrlException("the URL has no host"
						+ ((hostList.indexOf(',') >= 0) ? " in one entry of its host list" : ""));
			}
			int portNumber = port(port);
			if (first) {
				builder.host(host).port(portNumber);
				first = false;
			}
			else {
				builder.addHost(host, portNumber);
			}
		}
	}

	private static int port(@Nullable String port) {
		if (port == null) {
			return DatabaseUrl.DEFAULT_PORT;
		}
		if (port.isEmpty()) {
			throw new InvalidDatabaseUrlException("the port is empty; leave out the ':' to use the default port "
					+ DatabaseUrl.DEFAULT_PORT);
		}
		if (port.length() > 5 || !port.chars().allMatch((c) -> c >= '0' && c <= '9')
				|| Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
			throw new InvalidDatabaseUrlException("the port must be a number between 1 and 65535" + ENCODE_HINT);
		}
		return Integer.parseInt(port);
	}

	private static void query(String query, boolean jdbc, DatabaseUrl.Builder builder) {
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = UrlEncoding.decode((equals >= 0) ? pair.substring(0, equals) : pair, jdbc,
					"a query parameter name");
			String value = (equals >= 0) ? UrlEncoding.decode(pair.substring(equals + 1), jdbc,
					"the value of a query parameter") : "";
			if (jdbc) {
				builder.parameter(name, value);
			}
			else {
				libpqParameter(name, value, builder);
			}
		}
	}

	private static void libpqParameter(String name, String value, DatabaseUrl.Builder builder) {
		String lowerCase = name.toLowerCase(Locale.ROOT);
		if (lowerCase.equals("ssl") && SslMode.fromValue(value) != null) {
			builder.sslMode(SslMode.fromValue(value));
		}
		else if (lowerCase.equals("target_session_attrs")) {
			String type = TARGET_SERVER_TYPES.get(value.toLowerCase(Locale.ROOT));
			if (type == null) {
				throw new InvalidDatabaseUrlException("target_session_attrs must be one of any, read-write, primary, "
						+ "read-only, standby, prefer-standby");
			}
			builder.parameter(LIBPQ_TO_JDBC.get(lowerCase), type);
		}
		else {
			builder.parameter(LIBPQ_TO_JDBC.getOrDefault(lowerCase, name), value);
		}
	}

}
