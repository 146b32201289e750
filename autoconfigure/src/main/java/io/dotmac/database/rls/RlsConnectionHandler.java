package io.dotmac.database.rls;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The connection side of the hook: one per connection handed out by
 * {@link RlsDataSource}. It hands out statements that report to it before they run, and
 * keeps track of the transaction on the connection.
 * <p>
 * A transaction (auto-commit off) is pinned to the scope of the thread when its first
 * statement runs, which is when PostgreSQL starts it: that statement is preceded by the
 * write of the setting, and every later statement checks that the thread still works for
 * the same scope. Commit, rollback and switching auto-commit end the transaction; a
 * rollback to a savepoint may undo the write, so the next statement writes it again.
 * Statements in auto-commit mode are each a unit of their own, handled as
 * {@link AutoCommitPolicy} says.
 * <p>
 * Not thread-safe, like the JDBC connection it wraps.
 */
final class RlsConnectionHandler implements InvocationHandler {

	private final Connection target;

	private final ConnectionScopeApplier applier;

	private final Connection proxy;

	/** The applier's write for folding, or null when prepared statements are not folded. */
	private final @Nullable String foldedWrite;

	/** The scope of the open transaction, or null when no statement of it has run yet. */
	private @Nullable RlsScope transactionScope;

	/** Whether the setting for {@link #transactionScope} is in effect. */
	private boolean applied;

	/** The driver's connection, looked up once when session mode first needs it. */
	private @Nullable Object physical;

	private boolean physicalLookedUp;

	private RlsConnectionHandler(Connection target, ConnectionScopeApplier applier) {
		this.target = target;
		this.applier = applier;
		this.foldedWrite = (applier.mode() == RlsMode.TRANSACTION) ? applier.foldedWriteSql() : null;
		this.proxy = JdbcProxies.connection(this);
	}

	/**
	 * Wrap a connection.
	 * @param target the connection from the wrapped data source
	 * @param applier writes the setting
	 * @return the connection that applications get
	 */
	static Connection wrap(Connection target, ConnectionScopeApplier applier) {
		return new RlsConnectionHandler(target, applier).proxy;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
		switch (method.getName()) {
			case "equals" -> {
				return proxy == args[0];
			}
			case "hashCode" -> {
				return System.identityHashCode(proxy);
			}
			case "toString" -> {
				return "RLS connection [" + this.target + "]";
			}
			case "unwrap" -> {
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return proxy;
				}
				// Driver APIs reached this way (PgJDBC's COPY, large objects) bypass the
				// statements; inside a transaction, write the setting before handing them out.
				if (!this.target.getAutoCommit()) {
					beginOrContinueTransaction();
				}
			}
			case "isWrapperFor" -> {
				if (((Class<?>) args[0]).isInstance(proxy)) {
					return true;
				}
			}
			case "createStatement" -> {
				return JdbcProxies.statement(statementHandler(call(this.target, method, args)));
			}
			case "prepareStatement" -> {
				if (this.foldedWrite != null && isPlainPrepare(args)) {
					return DeferredPreparedStatementHandler.create(this, this.proxy, (String) args[0]);
				}
				return JdbcProxies.preparedStatement(statementHandler(call(this.target, method, args)));
			}
			case "prepareCall" -> {
				return JdbcProxies.callableStatement(statementHandler(call(this.target, method, args)));
			}
			case "commit", "close" -> {
				try {
					return call(this.target, method, args);
				}
				finally {
					endTransaction();
				}
			}
			case "rollback" -> {
				try {
					return call(this.target, method, args);
				}
				finally {
					if (args != null && args.length == 1 && args[0] instanceof Savepoint) {
						// The write of the setting may have come after the savepoint.
						this.applied = false;
					}
					else {
						endTransaction();
					}
				}
			}
			case "setAutoCommit" -> {
				boolean changes = this.target.getAutoCommit() != (Boolean) args[0];
				try {
					return call(this.target, method, args);
				}
				finally {
					if (changes) {
						endTransaction();
					}
				}
			}
			default -> {
				// fall through to the target
			}
		}
		return call(this.target, method, args);
	}

	/**
	 * Run a statement's execute method: the one place where the hook acts.
	 * @param statement the driver's (or pool's) statement
	 * @param method the execute method
	 * @param args its arguments
	 * @return what the statement returned
	 */
	@Nullable Object execute(Statement statement, Method method, Object @Nullable [] args) throws Throwable {
		if (this.target.getAutoCommit()) {
			return executeInAutoCommit(statement, method, args);
		}
		beginOrContinueTransaction();
		return call(statement, method, args);
	}

	/**
	 * Run an execute method of a {@link DeferredPreparedStatementHandler deferred
	 * statement}: folded, with the setting in the same round trip, when the setting is due
	 * (or the statement is folded already) and the scope is a tenant; plain otherwise.
	 * @param statement the deferred statement
	 * @param method the argument-less execute method
	 * @return what the execute method returns
	 */
	@Nullable Object executeDeferred(DeferredPreparedStatementHandler statement, Method method) throws Throwable {
		boolean autoCommit = this.target.getAutoCommit();
		RlsScope scope = autoCommit ? RlsScope.current() : pinTransactionScope();
		if (scope.isTenant() && statement.canFold()) {
			// In auto-commit mode the folded statement is a transaction of its own (PostgreSQL
			// runs everything up to the protocol's Sync as one): AutoCommitPolicy.WRAP for free.
			boolean due = autoCommit ? this.applier.autoCommitPolicy() == AutoCommitPolicy.WRAP
					: !this.applied || statement.isFolded();
			if (due) {
				PreparedStatement folded = statement
					.folded(FoldedStatements.sql(Objects.requireNonNull(this.foldedWrite), statement.sql()));
				Object result = FoldedStatements.execute(folded, method, this.applier.foldedWriteValue(scope));
				if (!autoCommit) {
					this.applied = true;
				}
				return result;
			}
		}
		RlsStatementHandler plain = statement.becomePlain();
		return execute(plain.target(), method, null);
	}

	/**
	 * Prepare a statement on the connection underneath, for a deferred statement.
	 * @param sql the SQL
	 * @return the driver's (or pool's) statement
	 */
	PreparedStatement prepareDriverStatement(String sql) throws SQLException {
		return this.target.prepareStatement(sql);
	}

	/**
	 * Pin the open transaction to the thread's scope on its first statement and write the
	 * setting; on later statements check that the scope is unchanged.
	 */
	private void beginOrContinueTransaction() throws SQLException {
		RlsScope scope = pinTransactionScope();
		if (!this.applied) {
			this.applier.applyToTransaction(this.target, physicalIfNeeded(), scope);
			this.applied = true;
		}
	}

	/**
	 * The scope of the open transaction: the thread's, when this is its first statement;
	 * otherwise the pinned one, provided the thread still works for it.
	 * @return the scope of the transaction
	 * @throws TenantMismatchException if the thread now works for another scope
	 */
	private RlsScope pinTransactionScope() {
		RlsScope scope = this.transactionScope;
		if (scope == null) {
			scope = RlsScope.current();
			this.transactionScope = scope;
			this.applied = false;
		}
		else if (!scope.isCurrent()) {
			throw new TenantMismatchException(scope, RlsScope.current(), "transaction");
		}
		return scope;
	}

	private @Nullable Object executeInAutoCommit(Statement statement, Method method, Object @Nullable [] args)
			throws Throwable {
		RlsScope scope = RlsScope.current();
		if (this.applier.mode() == RlsMode.SESSION && !scope.isSystem()) {
			this.applier.applyToSession(this.target, physicalIfNeeded(), scope);
			return call(statement, method, args);
		}
		if (scope.isNone()) {
			if (!this.applier.appliesWithoutTenant()) {
				return call(statement, method, args);
			}
			// Tenant-less work that needs a write: its own short transaction, whatever the
			// policy for tenant work says.
			return executeInShortTransaction(scope, statement, method, args);
		}
		if (this.applier.autoCommitPolicy() == AutoCommitPolicy.REJECT) {
			throw new TenantTransactionRequiredException(scope);
		}
		return executeInShortTransaction(scope, statement, method, args);
	}

	/**
	 * {@link AutoCommitPolicy#WRAP}: the statement's own transaction, which is what
	 * auto-commit mode would have given it, now with the setting written first.
	 */
	private @Nullable Object executeInShortTransaction(RlsScope scope, Statement statement, Method method,
			Object @Nullable [] args) throws Throwable {
		// With auto-commit off PgJDBC would read results through a cursor when a fetch size
		// is set, and the commit below would close it; auto-commit mode reads them whole.
		int fetchSize = statement.getFetchSize();
		if (fetchSize != 0) {
			statement.setFetchSize(0);
		}
		this.target.setAutoCommit(false);
		Throwable failure = null;
		try {
			this.applier.applyToTransaction(this.target, physicalIfNeeded(), scope);
			Object result = call(statement, method, args);
			this.target.commit();
			return result;
		}
		catch (Throwable ex) {
			failure = ex;
			try {
				this.target.rollback();
			}
			catch (SQLException rollbackFailure) {
				ex.addSuppressed(rollbackFailure);
			}
			throw ex;
		}
		finally {
			restore(statement, fetchSize, failure);
		}
	}

	private void restore(Statement statement, int fetchSize, @Nullable Throwable failure) throws SQLException {
		try {
			this.target.setAutoCommit(true);
			if (fetchSize != 0) {
				statement.setFetchSize(fetchSize);
			}
		}
		catch (SQLException ex) {
			if (failure == null) {
				throw ex;
			}
			failure.addSuppressed(ex);
		}
	}

	private @Nullable Object physicalIfNeeded() {
		if (this.applier.mode() != RlsMode.SESSION) {
			return null;
		}
		if (!this.physicalLookedUp) {
			this.physical = PgConnections.physical(this.target);
			this.physicalLookedUp = true;
		}
		return this.physical;
	}

	private void endTransaction() {
		this.transactionScope = null;
		this.applied = false;
	}

	/**
	 * Whether a {@code prepareStatement} call asks for a plain forward-only, read-only
	 * statement without generated keys: the forms that can be folded.
	 */
	private static boolean isPlainPrepare(Object[] args) {
		if (args.length == 1) {
			return true;
		}
		return args.length == 3 && (Integer) args[1] == ResultSet.TYPE_FORWARD_ONLY
				&& (Integer) args[2] == ResultSet.CONCUR_READ_ONLY;
	}

	private RlsStatementHandler statementHandler(@Nullable Object statement) {
		return new RlsStatementHandler((Statement) Objects.requireNonNull(statement), this, this.proxy);
	}

	static @Nullable Object call(Object target, Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
