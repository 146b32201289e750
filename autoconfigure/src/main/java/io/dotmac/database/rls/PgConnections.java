package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import org.springframework.util.ClassUtils;

/**
 * What session mode needs from the PostgreSQL driver: the physical connection under the
 * pool's and Spring's proxies (the key under which its setting is remembered) and whether
 * a transaction is open on it. The driver's own view of the transaction state comes from
 * the server's ReadyForQuery messages, so it is right even when something outside the
 * hook started the transaction. Kept apart so that nothing loads driver classes when the
 * driver is absent.
 * <p>
 * Public for {@link ConnectionScopeApplier} implementations in other packages; not an
 * application API.
 */
public final class PgConnections {

	static final boolean DRIVER_PRESENT = ClassUtils.isPresent("org.postgresql.core.BaseConnection",
			PgConnections.class.getClassLoader());

	private PgConnections() {
	}

	/**
	 * The driver's connection under a pooled or proxied one.
	 * @param connection the connection, possibly wrapped
	 * @return the driver's connection, or {@code null} when it is not one of PgJDBC's (or
	 * the driver is absent)
	 */
	public static @Nullable Object physical(Connection connection) {
		if (!DRIVER_PRESENT) {
			return null;
		}
		return PgJdbc.unwrap(connection);
	}

	/**
	 * Whether no transaction is open on a physical connection.
	 * @param physical a connection returned by {@link #physical(Connection)}
	 * @return {@code true} when the server reported the connection idle outside a
	 * transaction
	 */
	public static boolean isIdle(Object physical) {
		return PgJdbc.isIdle(physical);
	}

	private static final class PgJdbc {

		static @Nullable Object unwrap(Connection connection) {
			try {
				return connection.unwrap(BaseConnection.class);
			}
			catch (SQLException ex) {
				return null;
			}
		}

		static boolean isIdle(Object physical) {
			return ((BaseConnection) physical).getTransactionState() == TransactionState.IDLE;
		}

	}

}
