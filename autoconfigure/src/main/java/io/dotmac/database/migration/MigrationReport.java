package io.dotmac.database.migration;

import java.time.Duration;
import java.util.List;

/**
 * What an operation did, unit by unit. One failing unit does not stop the others: check
 * {@link #hasFailures()} or call {@link #throwIfFailed()}.
 *
 * @param units the result of each unit visited, in the order they finished
 * @param elapsed the wall-clock time of the whole operation
 */
public record MigrationReport(List<UnitResult> units, Duration elapsed) {

	/**
	 * Copy the list.
	 */
	public MigrationReport {
		units = List.copyOf(units);
	}

	/**
	 * The failed units.
	 * @return the failures, possibly empty
	 */
	public List<UnitResult> failures() {
		return this.units.stream().filter((unit) -> unit.outcome() == UnitResult.Outcome.FAILED).toList();
	}

	/**
	 * Whether any unit failed.
	 * @return {@code true} when at least one failed
	 */
	public boolean hasFailures() {
		return this.units.stream().anyMatch((unit) -> unit.outcome() == UnitResult.Outcome.FAILED);
	}

	/**
	 * How many changesets were applied, rolled back or stamped in all.
	 * @return the count
	 */
	public int changeSetCount() {
		return this.units.stream().mapToInt((unit) -> unit.changeSets().size()).sum();
	}

	/**
	 * Throw when a unit failed.
	 * @return this report, when nothing failed
	 * @throws MigrationException the first failure (of its own type), with the others
	 * suppressed, and a message that counts them
	 */
	public MigrationReport throwIfFailed() {
		List<UnitResult> failures = failures();
		if (failures.isEmpty()) {
			return this;
		}
		MigrationException first = failures.get(0).error();
		MigrationUpgradeException aggregate = new MigrationUpgradeException(
				failures.size() + " of " + this.units.size() + " migration units failed; first: "
						+ failures.get(0).unit() + ": " + ((first != null) ? first.getMessage() : "unknown error"),
				first, failures.get(0).unit().tenant(), failures.get(0).unit().module(),
				(first != null) ? first.getChangeSet() : null);
		for (UnitResult failure : failures.subList(1, failures.size())) {
			if (failure.error() != null) {
				aggregate.addSuppressed(failure.error());
			}
		}
		throw aggregate;
	}

}
