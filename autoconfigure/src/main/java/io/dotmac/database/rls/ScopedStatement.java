package io.dotmac.database.rls;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The hook on a {@link Statement}: every call goes to the statement underneath, except
 * that the execute methods first go to the {@link ScopedConnection}, and
 * {@code getConnection()} returns it rather than the connection underneath.
 */
final class ScopedStatement extends ForwardingStatement<Statement> {

	private final Statement target;

	private final ScopedConnection connection;

	ScopedStatement(Statement target, ScopedConnection connection) {
		this.target = target;
		this.connection = connection;
	}

	@Override
	protected Statement delegate() {
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
		return "Scoped statement [" + this.target + "]";
	}

}
