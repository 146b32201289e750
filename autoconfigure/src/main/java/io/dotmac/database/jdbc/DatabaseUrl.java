package io.dotmac.database.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An immutable PostgreSQL connection target: hosts, database, credentials, SSL mode and
 * further driver parameters, convertible to a JDBC URL that carries no credentials.
 * <p>
 * {@link #parse(String)} reads the URLs that platforms and other ecosystems hand out:
 * <pre>
 * postgres://user:pa%40ss@db.example.com:5432/app?sslmode=require
 * postgresql://user@[2001:db8::1]/app
 * postgresql+asyncpg://user:secret@primary:5432,standby:5433/app?target_session_attrs=read-write
 * jdbc:postgresql://db.example.com/app?user=app&amp;password=secret&amp;sslmode=verify-full
 * </pre>
 * {@link #builder()} builds one from parts. Either way, {@link #jdbcUrl()} is always a
 * {@code jdbc:postgresql://} URL, and {@link #username()} and {@link #password()} are kept
 * apart from it, ready for a pool's {@code setUsername}/{@code setPassword}.
 * {@link #toString()} masks the password.
 * <p>
 * Rules:
 * <ul>
 * <li>accepted schemes: {@code postgres}, {@code postgresql}, {@code postgresql+<driver>}
 * (SQLAlchemy's {@code +asyncpg}, {@code +psycopg}, ...) and {@code jdbc:postgresql};</li>
 * <li>user name and password are percent-decoded; {@code user} and {@code password} query
 * parameters override them, as in libpq;</li>
 * <li>the port defaults to {@value #DEFAULT_PORT}; IPv6 addresses go in brackets; several
 * comma-separated hosts are kept in order for the driver's failover;</li>
 * <li>{@code sslmode} is checked against the values PostgreSQL knows;</li>
 * <li>in libpq-style URLs, {@code application_name}, {@code connect_timeout} and
 * {@code target_session_attrs} become the JDBC driver's {@code ApplicationName},
 * {@code connectTimeout} and {@code targetServerType}, and {@code ssl=<sslmode value>} (a
 * common asyncpg spelling) becomes {@code sslmode}; other parameters pass through
 * unchanged;</li>
 * <li>in {@code jdbc:} URLs, {@code +} in the query and database name means a space, as it
 * does for the JDBC driver.</li>
 * </ul>
 * Malformed input raises an {@link InvalidDatabaseUrlException} whose message names the
 * problem and never repeats the URL.
 */
public final class DatabaseUrl {

	/** The port PostgreSQL listens on unless told otherwise. */
	public static final int DEFAULT_PORT = 5432;

	private static final String MASK = "******";

	private final List<HostAndPort> hosts;

	private final @Nullable String database;

	private final @Nullable String username;

	private final @Nullable String password;

	private final @Nullable SslMode sslMode;

	private final Map<String, String> parameters;

	private final String jdbcUrl;

	private DatabaseUrl(Builder builder) {
		if (builder.host == null) {
			throw new InvalidDatabaseUrlException("the URL has no host");
		}
		List<HostAndPort> hosts = new ArrayList<>(builder.additionalHosts.size() + 1);
		hosts.add(new HostAndPort(builder.host, builder.port));
		hosts.addAll(builder.additionalHosts);
		this.hosts = List.copyOf(hosts);
		this.database = builder.database;
		this.username = builder.username;
		this.password = builder.password;
		this.sslMode = builder.sslMode;
		this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.parameters));
		this.jdbcUrl = render(false);
	}

	/**
	 * Parse a database URL.
	 * @param url the URL, for example {@code postgres://user:secret@host:5432/db}
	 * @return the parsed URL
	 * @throws InvalidDatabaseUrlException if the URL is empty or malformed; the message
	 * does not repeat the URL
	 */
	public static DatabaseUrl parse(@Nullable String url) {
		return DatabaseUrlParser.parse(url);
	}

	/**
	 * Start building a database URL from parts.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a builder initialised with this URL's parts, for example to replace the
	 * credentials.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		HostAndPort first = this.hosts.get(0);
		builder.host = first.host();
		builder.port = first.port();
		builder.additionalHosts.addAll(this.hosts.subList(1, this.hosts.size()));
		builder.database = this.database;
		builder.username = this.username;
		builder.password = this.password;
		builder.sslMode = this.sslMode;
		builder.parameters.putAll(this.parameters);
		return builder;
	}

	/**
	 * Return the JDBC URL, without user name or password.
	 * @return a {@code jdbc:postgresql://} URL
	 */
	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * Return the user name.
	 * @return the decoded user name, or {@code null} if the URL has none
	 */
	public @Nullable String username() {
		return this.username;
	}

	/**
	 * Return the password.
	 * @return the decoded password, or {@code null} if the URL has none
	 */
	public @Nullable String password() {
		return this.password;
	}

	/**
	 * Return the hosts in the order the driver tries them.
	 * @return at least one host
	 */
	public List<HostAndPort> hosts() {
		return this.hosts;
	}

	/**
	 * Return the database name.
	 * @return the decoded database name, or {@code null} if the URL names none (the server
	 * then uses the user name)
	 */
	public @Nullable String database() {
		return this.database;
	}

	/**
	 * Return the SSL mode.
	 * @return the SSL mode, or {@code null} if the URL leaves it to the driver's default
	 */
	public @Nullable SslMode sslMode() {
		return this.sslMode;
	}

	/**
	 * Return the driver parameters other than user, password and SSL mode.
	 * @return the parameters by their JDBC driver names, in the order given
	 */
	public Map<String, String> parameters() {
		return this.parameters;
	}

	private String render(boolean maskSecrets) {
		StringBuilder url = new StringBuilder("jdbc:postgresql://");
		StringJoiner hostList = new StringJoiner(",");
		this.hosts.forEach((host) -> hostList.add(host.toString()));
		url.append(hostList).append('/');
		if (this.database != null) {
			url.append(UrlEncoding.encode(this.database));
		}
		StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
		if (this.sslMode != null) {
			query.add("sslmode=" + this.sslMode.value());
		}
		this.parameters.forEach((name, value) -> {
			String shown = (maskSecrets && isSecret(name)) ? MASK : UrlEncoding.encode(value);
			query.add(UrlEncoding.encode(name) + "=" + shown);
		});
		return url.append(query).toString();
	}

	private static boolean isSecret(String parameterName) {
		return parameterName.toLowerCase(Locale.ROOT).contains("password");
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return (other instanceof DatabaseUrl that) && this.hosts.equals(that.hosts)
				&& Objects.equals(this.database, that.database) && Objects.equals(this.username, that.username)
				&& Objects.equals(this.password, that.password) && this.sslMode == that.sslMode
				&& this.parameters.equals(that.parameters);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.hosts, this.database, this.username, this.password, this.sslMode, this.parameters);
	}

	/**
	 * Return the JDBC URL and user name, with the password and any parameter whose name
	 * contains "password" masked.
	 * @return a description safe to log
	 */
	@Override
	public String toString() {
		return "DatabaseUrl[" + render(true) + ", username=" + this.username + ", password="
				+ ((this.password != null) ? MASK : null) + "]";
	}

	/**
	 * A host and the port to reach PostgreSQL on it.
	 *
	 * @param host a host name, or an IPv4 or IPv6 address (without brackets)
	 * @param port the port, from 1 to 65535
	 */
	public record HostAndPort(String host, int port) {

		private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");

		private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

		/**
		 * Create and check a host and port.
		 * @param host a host name, or an IPv4 or IPv6 address; brackets around an IPv6
		 * address are removed
		 * @param port the port, from 1 to 65535
		 * @throws InvalidDatabaseUrlException if the host is empty or holds characters
		 * not allowed there, or the port is out of range
		 */
		public HostAndPort {
			Objects.requireNonNull(host, "host");
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			if (host.isEmpty()) {
				throw new InvalidDatabaseUrlException("the URL has no host");
			}
			if (host.indexOf(':') >= 0) {
				if (!IPV6.matcher(host).matches()) {
					throw new InvalidDatabaseUrlException("an IPv6 address contains characters that are not allowed");
				}
			}
			else if (!HOST_NAME.matcher(host).matches()) {
				throw new InvalidDatabaseUrlException("a host name contains characters that are not allowed"
						+ " (letters, digits, '.', '-' and '_' are)");
			}
			if (port < 1 || port > 65535) {
				throw new InvalidDatabaseUrlException("the port must be a number between 1 and 65535");
			}
		}

		/**
		 * Return the host and port as they appear in a URL.
		 * @return {@code host:port}, or {@code [address]:port} for an IPv6 address
		 */
		@Override
		public String toString() {
			return ((this.host.indexOf(':') >= 0) ? "[" + this.host + "]" : this.host) + ":" + this.port;
		}

	}

	/**
	 * Builds a {@link DatabaseUrl} from parts. Only a host is required.
	 */
	public static final class Builder {

		private @Nullable String host;

		private int port = DEFAULT_PORT;

		private final List<HostAndPort> additionalHosts = new ArrayList<>();

		private @Nullable String database;

		private @Nullable String username;

		private @Nullable String password;

		private @Nullable SslMode sslMode;

		private final Map<String, String> parameters = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Accept the driver or scheme of the source, for example {@code postgresql+asyncpg}
		 * or {@code jdbc:postgresql}. The result is always a PostgreSQL JDBC URL; this only
		 * checks that the source meant PostgreSQL.
		 * @param driver the driver or scheme
		 * @return this builder
		 * @throws InvalidDatabaseUrlException if it names another database
		 */
		public Builder driver(String driver) {
			DatabaseUrlParser.checkScheme(driver);
			return this;
		}

		/**
		 * Set the (first) host.
		 * @param host a host name, or an IPv4 or IPv6 address (brackets optional)
		 * @return this builder
		 */
		public Builder host(String host) {
			this.host = host;
			return this;
		}

		/**
		 * Set the port of the first host; {@value DatabaseUrl#DEFAULT_PORT} unless set.
		 * @param port the port, from 1 to 65535
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Add a further host for the driver to try when the ones before it fail.
		 * @param host a host name, or an IPv4 or IPv6 address
		 * @param port the port, from 1 to 65535
		 * @return this builder
		 */
		public Builder addHost(String host, int port) {
			this.additionalHosts.add(new HostAndPort(host, port));
			return this;
		}

		/**
		 * Set the database name.
		 * @param database the database name, not encoded; {@code null} or empty for none
		 * @return this builder
		 */
		public Builder database(@Nullable String database) {
			this.database = emptyToNull(database);
			return this;
		}

		/**
		 * Set the user name.
		 * @param username the user name, not encoded; {@code null} or empty for none
		 * @return this builder
		 */
		public Builder username(@Nullable String username) {
			this.username = emptyToNull(username);
			return this;
		}

		/**
		 * Set the password.
		 * @param password the password, not encoded; {@code null} or empty for none
		 * @return this builder
		 */
		public Builder password(@Nullable String password) {
			this.password = emptyToNull(password);
			return this;
		}

		/**
		 * Set the SSL mode.
		 * @param sslMode the SSL mode, or {@code null} for the driver's default
		 * @return this builder
		 */
		public Builder sslMode(@Nullable SslMode sslMode) {
			this.sslMode = sslMode;
			return this;
		}

		/**
		 * Set a driver parameter. {@code user}, {@code password} and {@code sslmode} (in
		 * any case) set the user name, password and SSL mode instead.
		 * @param name the parameter name as the JDBC driver knows it, for example
		 * {@code ApplicationName}
		 * @param value the value, not encoded
		 * @return this builder
		 * @throws InvalidDatabaseUrlException if the name is empty or an {@code sslmode}
		 * value is unknown
		 */
		public Builder parameter(String name, String value) {
			switch (name.toLowerCase(Locale.ROOT)) {
				case "" -> throw new InvalidDatabaseUrlException("a query parameter has no name");
				case "user" -> username(value);
				case "password" -> password(value);
				case "sslmode" -> sslMode(DatabaseUrlParser.sslMode(value));
				default -> this.parameters.put(name, value);
			}
			return this;
		}

		/**
		 * Build the URL.
		 * @return the URL
		 * @throws InvalidDatabaseUrlException if no host is set, or a host or port is
		 * invalid
		 */
		public DatabaseUrl build() {
			return new DatabaseUrl(this);
		}

		private static @Nullable String emptyToNull(@Nullable String value) {
			return (value == null || value.isEmpty()) ? null : value;
		}

	}

}
