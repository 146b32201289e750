package io.dotmac.database.rls;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Running a folded statement: the scope's write ({@link ConnectionScopeApplier#foldedWriteSql()})
 * and the application's statement, prepared as one text that PgJDBC sends in one round
 * trip. The write's result is stepped over, and the answer is what the application's
 * execute method would have returned for its statement alone.
 */
final class FoldedStatements {

	/** PgJDBC's SQLState when executeQuery finds no result set. */
	private static final String NO_DATA = "02000";

	/** PgJDBC's SQLState when executeUpdate finds a result set. */
	private static final String TOO_MANY_RESULTS = "0100E";

	private FoldedStatements() {
	}

	/**
	 * The text to prepare: the write, then the application's SQL.
	 * @param write the applier's write, one parameter
	 * @param sql the application's SQL
	 * @return the folded SQL; the write's value is parameter 1
	 */
	static String sql(String write, String sql) {
		return write + "; " + sql;
	}

	/**
	 * Bind the write's value, run both statements, step over the write's result.
	 * @param folded the statement prepared from {@link #sql}
	 * @param run the application's execute method
	 * @param value the write's value
	 * @return what the execute method returns for the application's statement
	 */
	static Object execute(PreparedStatement folded, DeferredPreparedStatement.Run run, String value)
			throws SQLException {
		folded.setString(1, value);
		folded.execute();
		boolean resultSet = folded.getMoreResults();
		return switch (run) {
			case EXECUTE -> resultSet;
			case EXECUTE_QUERY -> {
				if (!resultSet) {
					throw new SQLException("No results were returned by the query.", NO_DATA);
				}
				yield folded.getResultSet();
			}
			case EXECUTE_UPDATE -> {
				requireNoResultSet(resultSet);
				yield folded.getUpdateCount();
			}
			case EXECUTE_LARGE_UPDATE -> {
				requireNoResultSet(resultSet);
				yield folded.getLargeUpdateCount();
			}
		};
	}

	private static void requireNoResultSet(boolean resultSet) throws SQLException {
		if (resultSet) {
			throw new SQLException("A result was returned when none was expected.", TOO_MANY_RESULTS);
		}
	}

}
