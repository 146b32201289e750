package io.dotmac.database.migration;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Where one unit stands, as the state table (or, with deep verification, the schema's own
 * history) says.
 *
 * @param unit the unit
 * @param state up to date, pending, running, failed or unknown
 * @param current the last applied changeset, if any
 * @param pending how many changesets of the current changelog are not applied ({@code -1}
 * when not known without visiting the schema)
 * @param fingerprint the fingerprint of the changelog the unit was last brought to, if any
 * @param lastRunAt when the unit was last migrated
 * @param lastDuration how long that took
 * @param lastError the last failure's message, when the last run failed
 */
public record MigrationStatus(MigrationUnit unit, MigrationState state, @Nullable ChangeSetRef current, int pending,
		@Nullable String fingerprint, @Nullable Instant lastRunAt, @Nullable Duration lastDuration,
		@Nullable String lastError) {
}
