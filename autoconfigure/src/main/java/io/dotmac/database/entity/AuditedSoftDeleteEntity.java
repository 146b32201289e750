package io.dotmac.database.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.MappedSuperclass;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.jpa.domain.support.AuditingEntityListener;

/**
 * A {@link SoftDeleteEntity} that is also {@linkplain Audited audited}: the seed's
 * {@code SoftDeleteAuditMixin}. Adds {@code created_by} and {@code updated_by}
 * ({@code varchar(255)}); a soft delete or a restore records its auditor in
 * {@code updated_by}.
 */
@MappedSuperclass
@EntityListeners(AuditingEntityListener.class)
public abstract class AuditedSoftDeleteEntity extends SoftDeleteEntity implements Audited {

	@CreatedBy
	@Column(name = "created_by", updatable = false)
	private @Nullable String createdBy;

	@LastModifiedBy
	@Column(name = "updated_by")
	private @Nullable String updatedBy;

	/** For JPA and subclasses. */
	protected AuditedSoftDeleteEntity() {
	}

	@Override
	public @Nullable String getCreatedBy() {
		return this.createdBy;
	}

	@Override
	public @Nullable String getUpdatedBy() {
		return this.updatedBy;
	}

}
