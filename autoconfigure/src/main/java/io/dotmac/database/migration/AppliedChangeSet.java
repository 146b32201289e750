package io.dotmac.database.migration;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One row of a module's history in one schema.
 *
 * @param changeSet the changeset
 * @param checksum the checksum Liquibase recorded ({@code MD5SUM})
 * @param executedAt when it ran
 * @param orderExecuted Liquibase's {@code ORDEREXECUTED}
 * @param execType Liquibase's {@code EXECTYPE} ({@code EXECUTED}, {@code MARK_RAN}, ...)
 * @param tag the tag set on this row, if any
 * @param description Liquibase's description of the changes
 * @param executionTime how long it took, or {@code null} when not recorded (rows written by
 * Liquibase itself)
 */
public record AppliedChangeSet(ChangeSetRef changeSet, @Nullable String checksum, Instant executedAt,
		int orderExecuted, String execType, @Nullable String tag, @Nullable String description,
		@Nullable Duration executionTime) {
}
