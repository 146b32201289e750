package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The hook on a {@link PreparedStatement} that is not folded: every call goes to the
 * statement underneath, except that the execute methods first go to the
 * {@link ScopedConnection}, and {@code getConnection()} returns it rather than the
 * connection underneath.
 */
final class ScopedPreparedStatement extends ForwardingPreparedStatement<PreparedStatement> {

	private final PreparedStatement target;

	private final ScopedConnection connection;

	ScopedPreparedStatement(PreparedStatement target, ScopedConnection connection) {
		this.target = target;
		this.connection = connection;
	}

	@Override
	protected PreparedStatement delegate() {
		return this.target;
	}

	@Override
	protected <T> T intercept(Execution<T> execution) throws SQLException {
		return this.connection.execute(this.target, execution);
	}

	@Override
	public Connection getConnection() {
		return this.connection;
	}

	@Override
	public String toString() {
		return "Scoped prepared statement [" + this.target + "]";
	}

}
