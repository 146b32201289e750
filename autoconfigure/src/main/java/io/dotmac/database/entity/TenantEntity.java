package io.dotmac.database.entity;

import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.MappedSuperclass;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * A {@link BaseEntity} that {@linkplain TenantAware belongs to a tenant}: the seed's
 * {@code TenantAwareMixin}. Adds {@code tenant_id varchar(48) NOT NULL}, filled from the
 * bound tenant on insert by the {@link TenantEntityListener} and never updated.
 *
 * @see TenantSoftDeleteEntity
 * @see TenantAuditedEntity
 * @see TenantAuditedSoftDeleteEntity
 */
@MappedSuperclass
@EntityListeners(TenantEntityListener.class)
public abstract class TenantEntity extends BaseEntity implements TenantAware {

	@Convert(converter = TenantIdConverter.class)
	@Column(name = "tenant_id", length = TenantId.MAX_LENGTH, nullable = false, updatable = false)
	private @Nullable TenantId tenantId;

	/** For JPA and subclasses. */
	protected TenantEntity() {
	}

	@Override
	public @Nullable TenantId getTenantId() {
		return this.tenantId;
	}

	@Override
	public void setTenantId(TenantId tenantId) {
		Objects.requireNonNull(tenantId, "tenantId must not be null");
		if (this.tenantId != null && !this.tenantId.equals(tenantId)) {
			throw new IllegalStateException("The tenant of a " + getClass().getSimpleName()
					+ " is set once and cannot change; rows never move between tenants");
		}
		this.tenantId = tenantId;
	}

}
