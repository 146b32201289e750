package io.dotmac.database.migration.liquibase;

import liquibase.Scope;
import liquibase.database.Database;
import liquibase.lockservice.DatabaseChangeLogLock;
import liquibase.lockservice.LockService;
import liquibase.servicelocator.PrioritizedService;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.MigrationUnit;

/**
 * Liquibase's lock service for the operations of this package: a no-op stand-in for
 * {@code StandardLockService}, so that Liquibase neither creates nor locks a
 * {@code DATABASECHANGELOGLOCK} table. The real lock is the unit's transaction-scoped
 * advisory lock ({@link UnitLocks}), taken before Liquibase runs and held until the unit's
 * transaction ends.
 * <p>
 * Registered through {@code META-INF/services/liquibase.lockservice.LockService}, it outranks
 * Liquibase's own lock services but {@linkplain #supports(Database) supports} a database only
 * inside a Liquibase scope opened by this package for a unit; everywhere else (the
 * application's own Liquibase, Spring Boot's {@code SpringLiquibase}) Liquibase's standard lock
 * service is chosen as before. It keeps no state: Liquibase's {@code LockServiceFactory} caches
 * one instance per database and discards them all whenever a command ends, on any thread, so
 * every answer is taken from the current scope, never from a field.
 */
public class AdvisoryLockService implements LockService {

	/**
	 * The Liquibase {@code Scope} attribute under which the current
	 * {@link io.dotmac.database.migration.MigrationUnit} is put. Code that runs Liquibase for a
	 * unit by other means can use this service too: take the unit's lock with
	 * {@link UnitLocks#lock} in the transaction Liquibase will use, then run Liquibase in a
	 * {@code Scope.child} that holds the unit under this key.
	 */
	public static final String UNIT_SCOPE_KEY = "io.dotmac.database.migration.liquibase.unit";

	/** Above Liquibase's own lock services (priority 1 and below). */
	static final int PRIORITY = PrioritizedService.PRIORITY_DATABASE * 100;

	/**
	 * Create the service; Liquibase's service locator calls this.
	 */
	public AdvisoryLockService() {
	}

	@Override
	public int getPriority() {
		return PRIORITY;
	}

	@Override
	public boolean supports(Database database) {
		return currentUnit() != null;
	}

	@Override
	public void setDatabase(Database database) {
		// Stateless: the unit is read from the current scope.
	}

	@Override
	public void setChangeLogLockWaitTime(long changeLogLockWaitTime) {
		// The advisory lock's wait is set by the operation (lock wait timeout).
	}

	@Override
	public void setChangeLogLockRecheckTime(long changeLogLockRecheckTime) {
		// PostgreSQL wakes the waiter; there is no polling.
	}

	@Override
	public boolean hasChangeLogLock() {
		return currentUnit() != null;
	}

	@Override
	public void waitForLock() {
		// The unit's advisory lock was taken before Liquibase was called.
	}

	@Override
	public boolean acquireLock() {
		return currentUnit() != null;
	}

	@Override
	public void releaseLock() {
		// Transaction-scoped: released when the unit's transaction ends.
	}

	@Override
	public DatabaseChangeLogLock[] listLocks() {
		return new DatabaseChangeLogLock[0];
	}

	@Override
	public void forceReleaseLock() {
		// Nothing to release: no lock row exists.
	}

	@Override
	public void reset() {
		// Stateless.
	}

	@Override
	public void init() {
		// Deliberately creates no DATABASECHANGELOGLOCK table.
	}

	@Override
	public void destroy() {
		// No table to drop.
	}

	private static @Nullable MigrationUnit currentUnit() {
		return Scope.getCurrentScope().get(UNIT_SCOPE_KEY, MigrationUnit.class);
	}

}
