package io.dotmac.database.migration;

import java.time.Duration;

/**
 * Observes the migration engine (metrics, logs, progress on the command line). Called on the
 * engine's worker threads; implementations must be thread-safe and quick, and must not throw.
 */
public interface MigrationListener {

	/**
	 * An operation starts.
	 * @param operation the operation
	 * @param units how many units it will visit (after the state table ruled out the up-to-date
	 * ones)
	 */
	default void runStarted(MigrationOperation operation, int units) {
	}

	/**
	 * A unit waited for its lock (another runner had it).
	 * @param unit the unit
	 * @param waited how long
	 */
	default void lockWaited(MigrationUnit unit, Duration waited) {
	}

	/**
	 * One changeset ran in one unit (committed with the unit's transaction).
	 * @param unit the unit
	 * @param changeSet the changeset
	 * @param duration how long it ran
	 */
	default void changeSetApplied(MigrationUnit unit, ChangeSetRef changeSet, Duration duration) {
	}

	/**
	 * A unit finished, whatever the outcome.
	 * @param operation the operation
	 * @param result what happened
	 */
	default void unitFinished(MigrationOperation operation, UnitResult result) {
	}

	/**
	 * An operation finished.
	 * @param operation the operation
	 * @param report what it did
	 */
	default void runFinished(MigrationOperation operation, MigrationReport report) {
	}

}
