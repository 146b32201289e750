package io.dotmac.database.entity;

import jakarta.persistence.Column;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.MappedSuperclass;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.CreatedBy;
import org.springframework.data.annotation.LastModifiedBy;
import org.springframework.data.jpa.domain.support.AuditingEntityListener;

/**
 * A {@link TenantEntity} that is also {@linkplain Audited audited}, for tenant data that is
 * deleted physically. Not one of the seed's combinations; it completes the set so that
 * every combination of the three mixins has a base class.
 */
@MappedSuperclass
@EntityListeners(AuditingEntityListener.class)
public abstract class TenantAuditedEntity extends TenantEntity implements Audited {

	@CreatedBy
	@Column(name = "created_by", updatable = false)
	private @Nullable String createdBy;

	@LastModifiedBy
	@Column(name = "updated_by")
	private @Nullable String updatedBy;

	/** For JPA and subclasses. */
	protected TenantAuditedEntity() {
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
