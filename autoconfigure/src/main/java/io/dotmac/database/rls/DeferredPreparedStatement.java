package io.dotmac.database.rls;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A prepared statement of transaction mode whose driver statement is created when it
 * first runs, so that the hook can fold the write of the tenant setting into it. When it
 * is the statement that needs the setting (the first of a tenant transaction, or a tenant
 * statement in auto-commit mode) the driver prepares
 * {@code SELECT set_config(name, ?, true); <sql>}, which PgJDBC sends in one round trip,
 * and the statement's own results follow the setting's; otherwise it becomes a plain
 * statement and the hook treats it like any other.
 * <p>
 * Until the driver statement exists, parameter values and options are remembered (the
 * latest per parameter index and per option, so memory stays bounded however often a
 * statement is reused) and replayed on it; in the folded form parameter indexes move up
 * by one, because the first parameter is the tenant. A consequence: an error the driver
 * raises when a parameter is set (an index out of range, say) surfaces when the statement
 * runs. A folded statement that is used in a way the folded form cannot serve (a batch,
 * metadata, a run without a tenant) turns into a plain statement, with the remembered
 * values replayed: every method this class does not override does that, through
 * {@link #delegate()}.
 * <p>
 * Not thread-safe, like the JDBC statement it stands for.
 */
final class DeferredPreparedStatement extends ForwardingPreparedStatement<PreparedStatement> {

	/** The argument-less execute methods of a prepared statement. */
	enum Run {

		EXECUTE {
			@Override
			Object on(PreparedStatement statement) throws SQLException {
				return statement.execute();
			}
		},

		EXECUTE_QUERY {
			@Override
			Object on(PreparedStatement statement) throws SQLException {
				return statement.executeQuery();
			}
		},

		EXECUTE_UPDATE {
			@Override
			Object on(PreparedStatement statement) throws SQLException {
				return statement.executeUpdate();
			}
		},

		EXECUTE_LARGE_UPDATE {
			@Override
			Object on(PreparedStatement statement) throws SQLException {
				return statement.executeLargeUpdate();
			}
		};

		/**
		 * Run this method on a statement.
		 * @param statement the statement
		 * @return what the method returned
		 * @throws SQLException what it threw
		 */
		abstract Object on(PreparedStatement statement) throws SQLException;

	}

	private enum State {

		/** No driver statement yet: setters are remembered. */
		DEFERRED,

		/** The folded driver statement serves runs and results. */
		FOLDED,

		/** A plain driver statement serves everything, through the connection's hook. */
		PLAIN

	}

	/** A remembered parameter value: sets it at an index on a driver statement. */
	@FunctionalInterface
	private interface ParameterValue {

		void setOn(PreparedStatement statement, int index) throws SQLException;

	}

	/** A remembered statement option ({@code setFetchSize} and the like). */
	@FunctionalInterface
	private interface StatementOption {

		void setOn(Statement statement) throws SQLException;

	}

	private final ScopedConnection connection;

	private final String sql;

	private final Map<Integer, ParameterValue> parameters = new HashMap<>();

	private final Map<String, StatementOption> options = new LinkedHashMap<>();

	/** The remembered fetch size: a cursor (non-zero) cannot be folded. */
	private int fetchSize;

	private State state = State.DEFERRED;

	private @Nullable PreparedStatement folded;

	private @Nullable PreparedStatement plain;

	private boolean closed;

	/**
	 * A prepared statement for the application, whose driver statement comes later.
	 * @param connection the connection that hands it out
	 * @param sql the application's SQL
	 */
	DeferredPreparedStatement(ScopedConnection connection, String sql) {
		this.connection = connection;
		this.sql = sql;
	}

	/** The plain driver statement, created on first use: every call not handled here goes to it. */
	@Override
	protected PreparedStatement delegate() throws SQLException {
		if (this.state != State.PLAIN) {
			requireOpen();
		}
		return becomePlain();
	}

	@Override
	protected <T> T intercept(Execution<T> execution) throws SQLException {
		return this.connection.execute(delegate(), execution);
	}

	@Override
	public boolean execute() throws SQLException {
		return (Boolean) run(Run.EXECUTE);
	}

	@Override
	public ResultSet executeQuery() throws SQLException {
		return (ResultSet) run(Run.EXECUTE_QUERY);
	}

	@Override
	public int executeUpdate() throws SQLException {
		return (Integer) run(Run.EXECUTE_UPDATE);
	}

	@Override
	public long executeLargeUpdate() throws SQLException {
		return (Long) run(Run.EXECUTE_LARGE_UPDATE);
	}

	private Object run(Run run) throws SQLException {
		if (this.state == State.PLAIN) {
			PreparedStatement statement = this.plain;
			return this.connection.execute(statement, () -> run.on(statement));
		}
		requireOpen();
		return this.connection.executeDeferred(this, run);
	}

	/** Whether this statement can run folded: it is not plain, and no fetch size asks for a cursor. */
	boolean canFold() {
		return this.state != State.PLAIN && this.fetchSize == 0;
	}

	/** Whether this statement already runs in the folded form. */
	boolean isFolded() {
		return this.state == State.FOLDED;
	}

	/**
	 * The application's SQL.
	 * @return the SQL as prepared by the application
	 */
	String sql() {
		return this.sql;
	}

	/**
	 * The folded driver statement, created and given the remembered values on first use.
	 * @param foldedSql the SQL with the setting in front
	 * @return the folded statement; its first parameter is the tenant
	 */
	PreparedStatement folded(String foldedSql) throws SQLException {
		PreparedStatement statement = this.folded;
		if (statement == null) {
			statement = this.connection.prepareDriverStatement(foldedSql);
			replay(statement, 1);
			this.folded = statement;
			this.state = State.FOLDED;
		}
		return statement;
	}

	/**
	 * Turn into a plain statement (for good), created and given the remembered values.
	 * @return the driver statement that serves everything from now on
	 */
	PreparedStatement becomePlain() throws SQLException {
		PreparedStatement statement = this.plain;
		if (statement == null) {
			statement = this.connection.prepareDriverStatement(this.sql);
			replay(statement, 0);
			this.plain = statement;
			this.state = State.PLAIN;
			this.parameters.clear();
			this.options.clear();
		}
		return statement;
	}

	/** Set the remembered options and parameters on a new driver statement; close it if that fails. */
	private void replay(PreparedStatement statement, int shift) throws SQLException {
		try {
			for (StatementOption option : this.options.values()) {
				option.setOn(statement);
			}
			for (Map.Entry<Integer, ParameterValue> parameter : this.parameters.entrySet()) {
				parameter.getValue().setOn(statement, parameter.getKey() + shift);
			}
		}
		catch (SQLException | RuntimeException ex) {
			try {
				statement.close();
			}
			catch (SQLException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
	}

	private void parameter(int index, ParameterValue value) throws SQLException {
		if (this.state == State.PLAIN) {
			value.setOn(this.plain, index);
			return;
		}
		requireOpen();
		this.parameters.put(index, value);
		if (this.state == State.FOLDED) {
			value.setOn(this.folded, index + 1);
		}
	}

	private void option(String name, StatementOption option) throws SQLException {
		if (this.state == State.PLAIN) {
			option.setOn(this.plain);
			return;
		}
		requireOpen();
		this.options.put(name, option);
		if (this.state == State.FOLDED) {
			option.setOn(this.folded);
		}
	}

	/** Where results and settings are read after a run: the folded statement, once there is one. */
	private Statement results() throws SQLException {
		return (this.state == State.FOLDED && !this.closed) ? this.folded : delegate();
	}

	private void requireOpen() throws SQLException {
		if (this.closed) {
			throw new SQLException("This statement has been closed.", "55000");
		}
	}

	@Override
	public void clearParameters() throws SQLException {
		if (this.state == State.PLAIN) {
			this.plain.clearParameters();
			return;
		}
		requireOpen();
		this.parameters.clear();
		if (this.state == State.FOLDED) {
			this.folded.clearParameters();
		}
	}

	@Override
	public void close() throws SQLException {
		this.closed = true;
		SQLException failure = null;
		for (Statement statement : new Statement[] { this.folded, this.plain }) {
			if (statement != null) {
				try {
					statement.close();
				}
				catch (SQLException ex) {
					if (failure == null) {
						failure = ex;
					}
					else {
						failure.addSuppressed(ex);
					}
				}
			}
		}
		this.parameters.clear();
		this.options.clear();
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public Connection getConnection() {
		return this.connection;
	}

	@Override
	public String toString() {
		return "Deferred prepared statement [" + this.sql + "]";
	}

	// Statement options: remembered, and replayed on the driver statement.

	@Override
	public void setFetchSize(int rows) throws SQLException {
		option("setFetchSize", (statement) -> statement.setFetchSize(rows));
		this.fetchSize = rows;
	}

	@Override
	public void setMaxRows(int max) throws SQLException {
		option("setMaxRows", (statement) -> statement.setMaxRows(max));
	}

	@Override
	public void setLargeMaxRows(long max) throws SQLException {
		option("setLargeMaxRows", (statement) -> statement.setLargeMaxRows(max));
	}

	@Override
	public void setMaxFieldSize(int max) throws SQLException {
		option("setMaxFieldSize", (statement) -> statement.setMaxFieldSize(max));
	}

	@Override
	public void setQueryTimeout(int seconds) throws SQLException {
		option("setQueryTimeout", (statement) -> statement.setQueryTimeout(seconds));
	}

	@Override
	public void setEscapeProcessing(boolean enable) throws SQLException {
		option("setEscapeProcessing", (statement) -> statement.setEscapeProcessing(enable));
	}

	@Override
	public void setCursorName(String name) throws SQLException {
		option("setCursorName", (statement) -> statement.setCursorName(name));
	}

	@Override
	public void setFetchDirection(int direction) throws SQLException {
		option("setFetchDirection", (statement) -> statement.setFetchDirection(direction));
	}

	@Override
	public void setPoolable(boolean poolable) throws SQLException {
		option("setPoolable", (statement) -> statement.setPoolable(poolable));
	}

	@Override
	public void closeOnCompletion() throws SQLException {
		option("closeOnCompletion", Statement::closeOnCompletion);
	}

	// Results and settings after a run: answered by the folded statement when there is one.

	@Override
	public ResultSet getResultSet() throws SQLException {
		return results().getResultSet();
	}

	@Override
	public int getUpdateCount() throws SQLException {
		return results().getUpdateCount();
	}

	@Override
	public long getLargeUpdateCount() throws SQLException {
		return results().getLargeUpdateCount();
	}

	@Override
	public boolean getMoreResults() throws SQLException {
		return results().getMoreResults();
	}

	@Override
	public boolean getMoreResults(int current) throws SQLException {
		return results().getMoreResults(current);
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return results().getWarnings();
	}

	@Override
	public void clearWarnings() throws SQLException {
		results().clearWarnings();
	}

	@Override
	public ResultSet getGeneratedKeys() throws SQLException {
		return results().getGeneratedKeys();
	}

	@Override
	public int getFetchSize() throws SQLException {
		return results().getFetchSize();
	}

	@Override
	public int getFetchDirection() throws SQLException {
		return results().getFetchDirection();
	}

	@Override
	public int getMaxRows() throws SQLException {
		return results().getMaxRows();
	}

	@Override
	public long getLargeMaxRows() throws SQLException {
		return results().getLargeMaxRows();
	}

	@Override
	public int getQueryTimeout() throws SQLException {
		return results().getQueryTimeout();
	}

	@Override
	public int getMaxFieldSize() throws SQLException {
		return results().getMaxFieldSize();
	}

	@Override
	public int getResultSetType() throws SQLException {
		return results().getResultSetType();
	}

	@Override
	public int getResultSetConcurrency() throws SQLException {
		return results().getResultSetConcurrency();
	}

	@Override
	public int getResultSetHoldability() throws SQLException {
		return results().getResultSetHoldability();
	}

	@Override
	public boolean isPoolable() throws SQLException {
		return results().isPoolable();
	}

	@Override
	public boolean isCloseOnCompletion() throws SQLException {
		return results().isCloseOnCompletion();
	}

	@Override
	public void cancel() throws SQLException {
		results().cancel();
	}

	// Parameters: remembered (the latest per index), and set on the driver statement.

	@Override
	public void setArray(int parameterIndex, Array x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setArray(index, x));
	}

	@Override
	public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setAsciiStream(index, x, length));
	}

	@Override
	public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setAsciiStream(index, x, length));
	}

	@Override
	public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setAsciiStream(index, x));
	}

	@Override
	public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setBigDecimal(index, x));
	}

	@Override
	public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setBinaryStream(index, x, length));
	}

	@Override
	public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setBinaryStream(index, x, length));
	}

	@Override
	public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setBinaryStream(index, x));
	}

	@Override
	public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setBlob(index, inputStream, length));
	}

	@Override
	public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setBlob(index, inputStream));
	}

	@Override
	public void setBlob(int parameterIndex, Blob x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setBlob(index, x));
	}

	@Override
	public void setBoolean(int parameterIndex, boolean x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setBoolean(index, x));
	}

	@Override
	public void setByte(int parameterIndex, byte x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setByte(index, x));
	}

	@Override
	public void setBytes(int parameterIndex, byte[] x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setBytes(index, x));
	}

	@Override
	public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setCharacterStream(index, reader, length));
	}

	@Override
	public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setCharacterStream(index, reader, length));
	}

	@Override
	public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setCharacterStream(index, reader));
	}

	@Override
	public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setClob(index, reader, length));
	}

	@Override
	public void setClob(int parameterIndex, Reader reader) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setClob(index, reader));
	}

	@Override
	public void setClob(int parameterIndex, Clob x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setClob(index, x));
	}

	@Override
	public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setDate(index, x, cal));
	}

	@Override
	public void setDate(int parameterIndex, Date x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setDate(index, x));
	}

	@Override
	public void setDouble(int parameterIndex, double x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setDouble(index, x));
	}

	@Override
	public void setFloat(int parameterIndex, float x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setFloat(index, x));
	}

	@Override
	public void setInt(int parameterIndex, int x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setInt(index, x));
	}

	@Override
	public void setLong(int parameterIndex, long x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setLong(index, x));
	}

	@Override
	public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setNCharacterStream(index, value, length));
	}

	@Override
	public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setNCharacterStream(index, value));
	}

	@Override
	public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setNClob(index, reader, length));
	}

	@Override
	public void setNClob(int parameterIndex, Reader reader) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setNClob(index, reader));
	}

	@Override
	public void setNClob(int parameterIndex, NClob value) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setNClob(index, value));
	}

	@Override
	public void setNString(int parameterIndex, String value) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setNString(index, value));
	}

	@Override
	public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setNull(index, sqlType, typeName));
	}

	@Override
	public void setNull(int parameterIndex, int sqlType) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setNull(index, sqlType));
	}

	@Override
	public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setObject(index, x, targetSqlType, scaleOrLength));
	}

	@Override
	public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setObject(index, x, targetSqlType));
	}

	@Override
	public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setObject(index, x, targetSqlType, scaleOrLength));
	}

	@Override
	public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setObject(index, x, targetSqlType));
	}

	@Override
	public void setObject(int parameterIndex, Object x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setObject(index, x));
	}

	@Override
	public void setRef(int parameterIndex, Ref x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setRef(index, x));
	}

	@Override
	public void setRowId(int parameterIndex, RowId x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setRowId(index, x));
	}

	@Override
	public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setSQLXML(index, xmlObject));
	}

	@Override
	public void setShort(int parameterIndex, short x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setShort(index, x));
	}

	@Override
	public void setString(int parameterIndex, String x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setString(index, x));
	}

	@Override
	public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setTime(index, x, cal));
	}

	@Override
	public void setTime(int parameterIndex, Time x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setTime(index, x));
	}

	@Override
	public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setTimestamp(index, x, cal));
	}

	@Override
	public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setTimestamp(index, x));
	}

	@Override
	public void setURL(int parameterIndex, URL x) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setURL(index, x));
	}

	@Override
	public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
		parameter(parameterIndex, (statement, index) -> statement.setUnicodeStream(index, x, length));
	}

}
