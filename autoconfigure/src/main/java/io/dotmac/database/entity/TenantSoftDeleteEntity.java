package io.dotmac.database.entity;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.MappedSuperclass;
import org.hibernate.annotations.Filter;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TenantEntity} that is also {@linkplain SoftDeletable soft-deletable}: the seed's
 * {@code TenantAwareSoftDeleteMixin}. Adds {@code deleted_at} and {@code is_active}; see
 * {@link SoftDeleteEntity} for how deletion behaves. Unique constraints of such a table are
 * partial unique indexes that lead with {@code tenant_id} and skip deleted rows (see the
 * package documentation).
 *
 * @see TenantAuditedSoftDeleteEntity
 */
@MappedSuperclass
@Filter(name = SoftDeletable.FILTER_NAME)
@EntityListeners(SoftDeleteGuard.class)
public abstract class TenantSoftDeleteEntity extends TenantEntity implements SoftDeletable {

	@Column(name = "deleted_at")
	private @Nullable Instant deletedAt;

	@Column(name = "is_active", nullable = false)
	private boolean active = true;

	/** For JPA and subclasses. */
	protected TenantSoftDeleteEntity() {
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
