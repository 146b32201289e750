package io.dotmac.database.embedded.autoconfigure;

import java.sql.SQLException;
import java.util.UUID;

import io.dotmac.database.embedded.PostgresAdmin;
import io.dotmac.database.embedded.PostgresServer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * Connection details for the application's database on the embedded server: database
 * {@code dotmac}, owned by the ordinary login role {@code dotmac}. The application never connects as
 * superuser, because a superuser bypasses Row-Level Security and would make every tenant test pass.
 * The role may switch to the tenant-isolation system role without inheriting it, as an
 * administrator sets up a production application role, so that the system scope works in
 * development.
 */
final class EmbeddedPostgresConnectionDetails implements JdbcConnectionDetails {

	static final String DATABASE = "dotmac";

	static final String ROLE = "dotmac";

	private final String jdbcUrl;

	private final String password;

	private EmbeddedPostgresConnectionDetails(String jdbcUrl, String password) {
		this.jdbcUrl = jdbcUrl;
		this.password = password;
	}

	/**
	 * Creates the role and the database on a fresh server, and the system role with the
	 * application role as a member that does not inherit it.
	 * @param server the server, reached as its administrator
	 * @param systemRole the role of the system scope, or {@code null} for none
	 * @return details for connecting as the new role
	 */
	static EmbeddedPostgresConnectionDetails provision(PostgresServer server, @Nullable String systemRole) {
		// A new password per start: the server is new each time, and nothing needs to remember it.
		String password = UUID.randomUUID().toString();
		PostgresAdmin admin = new PostgresAdmin(server);
		try {
			admin.createOrdinaryRole(ROLE, password);
			admin.createDatabase(DATABASE, ROLE);
			if (systemRole != null) {
				admin.createSystemRole(systemRole, ROLE);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create role and database '" + DATABASE + "'"
					+ ((systemRole != null) ? " and system role '" + systemRole + "'" : "") + " on " + server, ex);
		}
		return new EmbeddedPostgresConnectionDetails(server.jdbcUrl(DATABASE), password);
	}

	@Override
	public String getUsername() {
		return ROLE;
	}

	@Override
	public String getPassword() {
		return this.password;
	}

	@Override
	public String getJdbcUrl() {
		return this.jdbcUrl;
	}

	@Override
	public String toString() {
		return this.jdbcUrl + " as " + ROLE;
	}

}
