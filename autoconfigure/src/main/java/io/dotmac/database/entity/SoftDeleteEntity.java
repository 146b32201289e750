package io.dotmac.database.entity;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.MappedSuperclass;
import org.hibernate.annotations.Filter;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BaseEntity} that is {@linkplain SoftDeletable soft-deletable}: the seed's
 * {@code SoftDeleteMixin}. Adds {@code deleted_at timestamptz NULL} and
 * {@code is_active boolean NOT NULL DEFAULT true}.
 * <p>
 * Queries see live rows only (the {@value SoftDeletable#FILTER_NAME} filter); deleting
 * through a {@link SoftDeleteRepository} marks the row; a physical delete through
 * {@code EntityManager.remove} is refused by the {@link SoftDeleteGuard}.
 *
 * @see AuditedSoftDeleteEntity
 * @see TenantSoftDeleteEntity
 */
@MappedSuperclass
@Filter(name = SoftDeletable.FILTER_NAME)
@EntityListeners(SoftDeleteGuard.class)
public abstract class SoftDeleteEntity extends BaseEntity implements SoftDeletable {

	@Column(name = "deleted_at")
	private @Nullable Instant deletedAt;

	@Column(name = "is_active", nullable = false)
	private boolean active = true;

	/** For JPA and subclasses. */
	protected SoftDeleteEntity() {
	}

	@Override
	public @Nullable Instant getDeletedAt() {
		return this.deletedAt;
	}

	@Override
	public boolean isActive() {
		return this.active;
	}

	@Override
	public void markDeleted(Instant deletedAt) {
		Objects.requireNonNull(deletedAt, "deletedAt must not be null");
		if (this.deletedAt == null) {
			this.deletedAt = deletedAt;
			this.active = false;
		}
	}

	@Override
	public void markRestored() {
		this.deletedAt = null;
		this.active = true;
	}

}
