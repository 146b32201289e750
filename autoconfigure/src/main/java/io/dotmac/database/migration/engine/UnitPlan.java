package io.dotmac.database.migration.engine;

import io.dotmac.database.migration.MigrationUnit;

/**
 * A unit with the plan of its module part.
 *
 * @param unit the unit
 * @param plan the plan
 */
public record UnitPlan(MigrationUnit unit, PartPlan plan) {
}
