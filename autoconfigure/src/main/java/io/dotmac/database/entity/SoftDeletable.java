package io.dotmac.database.entity;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An entity that is deleted by marking its row, not by removing it: the seed's
 * {@code SoftDeleteMixin}, columns {@code deleted_at timestamptz NULL} and
 * {@code is_active boolean NOT NULL}.
 * <p>
 * A row is deleted when {@code deleted_at} is set; {@code is_active} is always its negation
 * (kept for readers that expect the flag, and best enforced by a check constraint, see the
 * package documentation). Implemented by {@link SoftDeleteEntity},
 * {@link AuditedSoftDeleteEntity}, {@link TenantSoftDeleteEntity} and
 * {@link TenantAuditedSoftDeleteEntity}; extend one of those rather than implementing this
 * interface by hand, since they also carry the {@linkplain #FILTER_NAME filter} that hides
 * deleted rows and the {@link SoftDeleteGuard} that stops a physical delete.
 * <p>
 * Deleting and restoring normally go through a {@link SoftDeleteRepository}; the two
 * mutators here are what it calls, and what code without a repository may call before the
 * entity is flushed.
 */
public interface SoftDeletable {

	/**
	 * Name of the Hibernate filter that hides deleted rows from queries. It is enabled in
	 * every session; {@link SoftDeleteFilter#includingDeleted} lifts it for a block of work.
	 */
	String FILTER_NAME = "dotmacSoftDelete";

	/** SQL condition of the filter: a row is visible while it is not deleted. */
	String FILTER_CONDITION = "deleted_at IS NULL";

	/**
	 * Return when the row was deleted.
	 * @return the time of deletion, or {@code null} while the row is live
	 */
	@Nullable Instant getDeletedAt();

	/**
	 * Whether the row is live, the seed's {@code is_active}.
	 * @return {@code true} unless the row is deleted
	 */
	boolean isActive();

	/**
	 * Whether the row is deleted.
	 * @return {@code true} once the row is marked deleted
	 */
	default boolean isDeleted() {
		return getDeletedAt() != null;
	}

	/**
	 * Mark the row deleted as of the given time; written on the next flush. Does nothing if
	 * it is deleted already, so that the first deletion time is kept.
	 * @param deletedAt the time of deletion
	 */
	void markDeleted(Instant deletedAt);

	/**
	 * Mark the row live again; written on the next flush.
	 */
	void markRestored();

}
