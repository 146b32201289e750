package io.dotmac.database.migration;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What an operation did to one unit.
 *
 * @param unit the unit
 * @param outcome applied, up to date or failed
 * @param changeSets the changesets applied (or rolled back, or stamped), in order
 * @param duration how long the unit took, lock wait included
 * @param error the failure, when the outcome is {@link Outcome#FAILED}
 */
public record UnitResult(MigrationUnit unit, Outcome outcome, List<ChangeSetRef> changeSets, Duration duration,
		@Nullable MigrationException error) {

	/**
	 * Copy the list.
	 */
	public UnitResult {
		changeSets = List.copyOf(changeSets);
	}

	/** What happened to a unit. */
	public enum Outcome {

		/** Changesets were applied, rolled back or stamped. */
		CHANGED,

		/** Nothing was to be done. */
		UP_TO_DATE,

		/** The unit failed; nothing of its transaction was kept. */
		FAILED

	}

}
