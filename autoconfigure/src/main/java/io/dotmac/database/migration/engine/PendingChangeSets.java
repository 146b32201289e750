package io.dotmac.database.migration.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import liquibase.change.CheckSum;
import liquibase.resource.ResourceAccessor;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.MigrationChecksumException;
import io.dotmac.database.migration.MigrationUnit;

/**
 * Compares a plan with a schema's history, as Liquibase does: which changesets are to run
 * (never applied, {@code runAlways}, or changed and {@code runOnChange}), and whether an
 * applied changeset was changed since, which is refused unless a {@code validCheckSum}
 * allows it.
 */
final class PendingChangeSets {

	private PendingChangeSets() {
	}

	/**
	 * The changesets to run.
	 * @param unit the unit (for messages)
	 * @param plan the plan; all its changesets are checked
	 * @param target the changesets up to the target
	 * @param rows the history
	 * @param resourceAccessor for Liquibase to recompute older checksum versions
	 * @return the steps, in order
	 * @throws MigrationChecksumException when an applied changeset changed
	 */
	static List<Step> compute(MigrationUnit unit, PartPlan plan, List<PlannedChangeSet> target,
			List<HistoryTable.Row> rows, ResourceAccessor resourceAccessor) {
		Map<String, HistoryTable.Row> applied = new HashMap<>();
		for (HistoryTable.Row row : rows) {
			applied.put(row.key(), row);
		}
		List<Step> steps = new ArrayList<>();
		int inTarget = target.size();
		for (int i = 0; i < plan.changeSets().size(); i++) {
			PlannedChangeSet changeSet = plan.changeSets().get(i);
			HistoryTable.Row row = applied.get(
					HistoryTable.Row.key(changeSet.ref().filePath(), changeSet.ref().id(), changeSet.ref().author()));
			Step step = null;
			if (row == null) {
				step = new Step(changeSet, false);
			}
			else if (!valid(changeSet, row.md5sum(), resourceAccessor)) {
				if (!changeSet.runOnChange()) {
					throw changed(unit, plan, changeSet, row.md5sum());
				}
				step = new Step(changeSet, true);
			}
			else if (changeSet.runAlways()) {
				step = new Step(changeSet, true);
			}
			if (step != null && i < inTarget) {
				steps.add(step);
			}
		}
		return steps;
	}

	/**
	 * How many changesets of the whole plan are not applied.
	 * @param plan the plan
	 * @param rows the history
	 * @return the count
	 */
	static int notApplied(PartPlan plan, List<HistoryTable.Row> rows) {
		java.util.Set<String> keys = new java.util.HashSet<>();
		rows.forEach((row) -> keys.add(row.key()));
		int count = 0;
		for (PlannedChangeSet changeSet : plan.changeSets()) {
			if (!keys.contains(
					HistoryTable.Row.key(changeSet.ref().filePath(), changeSet.ref().id(), changeSet.ref().author()))) {
				count++;
			}
		}
		return count;
	}

	private static boolean valid(PlannedChangeSet changeSet, @Nullable String stored,
			ResourceAccessor resourceAccessor) {
		if (stored == null || stored.isEmpty() || stored.equals(changeSet.checksum())) {
			return true;
		}
		try {
			// An older checksum version, or a validCheckSum: Liquibase decides.
			return LiquibaseScopes.call(resourceAccessor,
					() -> changeSet.changeSet().isCheckSumValid(CheckSum.parse(stored)));
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static MigrationChecksumException changed(MigrationUnit unit, PartPlan plan, PlannedChangeSet changeSet,
			@Nullable String stored) {
		return new MigrationChecksumException("Changeset " + changeSet.ref() + " in file " + changeSet.ref().filePath()
				+ " (module " + plan.module().name() + ") was changed after it was applied to schema '" + unit.schema()
				+ "'" + ((unit.tenant() != null) ? " of tenant " + unit.tenant() : "") + ": recorded checksum "
				+ stored + ", now " + changeSet.checksum() + ". Nothing of this unit was applied. Revert the edit and"
				+ " put the change in a new changeset; or, if the edit is deliberate and harmless, add"
				+ " <validCheckSum>" + changeSet.checksum() + "</validCheckSum> (validCheckSum: "
				+ changeSet.checksum() + " in YAML) to the changeset.", unit.tenant(), plan.module().name(),
				changeSet.ref().toString());
	}

	/**
	 * One changeset to run.
	 *
	 * @param changeSet the changeset
	 * @param rerun whether it ran before (its history row is updated, {@code RERAN})
	 */
	record Step(PlannedChangeSet changeSet, boolean rerun) {
	}

}
