package io.dotmac.database.embedded;

/**
 * Where a PostgreSQL server listens and how to reach it as an administrator (a superuser that may
 * create databases and roles). Applications never connect with these credentials; they get an
 * ordinary role from {@link PostgresAdmin}.
 */
public interface PostgresServer {

	/**
	 * Host name or address the server listens on.
	 * @return the host
	 */
	String host();

	/**
	 * TCP port the server listens on.
	 * @return the port
	 */
	int port();

	/**
	 * Name of the superuser role.
	 * @return the admin user name
	 */
	String adminUsername();

	/**
	 * Password of the superuser role.
	 * @return the admin password
	 */
	String adminPassword();

	/**
	 * Maintenance database the administrator connects to, usually {@code postgres}.
	 * @return the admin database name
	 */
	String adminDatabase();

	/**
	 * JDBC URL of the maintenance database, without credentials.
	 * @return the admin JDBC URL
	 */
	default String adminJdbcUrl() {
		return jdbcUrl(adminDatabase());
	}

	/**
	 * JDBC URL of a database on this server, without credentials.
	 * @param database the database name
	 * @return the JDBC URL
	 */
	default String jdbcUrl(String database) {
		return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
	}

}
