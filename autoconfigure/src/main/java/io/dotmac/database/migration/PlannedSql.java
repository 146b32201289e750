package io.dotmac.database.migration;

/**
 * What a dry run would execute: one changeset's SQL for one unit, with every template
 * placeholder expanded for the unit's schema.
 *
 * @param unit the unit
 * @param changeSet the changeset
 * @param sql the statements, separated by {@code ;} and new lines
 */
public record PlannedSql(MigrationUnit unit, ChangeSetRef changeSet, String sql) {
}
