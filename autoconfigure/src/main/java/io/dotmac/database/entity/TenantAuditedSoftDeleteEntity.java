package io.dotmac.database.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.MappedSuperclass;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.jpa.domain.support.AuditingEntityListener;

/**
 * Everything at once: a {@link TenantSoftDeleteEntity} that is also
 * {@linkplain Audited audited}, the seed's {@code CompleteMixin}. Columns: {@code id},
 * {@code created_at}, {@code updated_at}, {@code version}, {@code tenant_id},
 * {@code deleted_at}, {@code is_active}, {@code created_by}, {@code updated_by}. The usual
 * choice for a tenant's business data, such as customers.
 */
@MappedSuperclass
@EntityListeners(AuditingEntityListener.class)
public abstract class TenantAuditedSoftDeleteEntity extends TenantSoftDeleteEntity implements Audited {

	@CreatedBy
	@Column(name = "created_by", updatable = false)
	private @Nullable String createdBy;

	@LastModifiedBy
	@Column(name = "updated_by")
	private @Nullable String updatedBy;

	/** For JPA and subclasses. */
	protected TenantAuditedSoftDeleteEntity() {
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
