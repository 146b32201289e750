package io.dotmac.database.entity;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

/**
 * An entity that belongs to one tenant: the seed's {@code TenantAwareMixin}, column
 * {@code tenant_id varchar(48) NOT NULL}.
 * <p>
 * The tenant is taken from {@link TenantContext} when the entity is persisted (see
 * {@link TenantEntityListener}) and never changes afterwards: the column is not updatable
 * and {@link #setTenantId} refuses to change it once set. Which rows a
 * session can see is decided by PostgreSQL's row level security on {@code tenant_id}, not
 * by this interface. Implemented by {@link TenantEntity}, {@link TenantSoftDeleteEntity},
 * {@link TenantAuditedEntity} and {@link TenantAuditedSoftDeleteEntity}.
 */
public interface TenantAware {

	/**
	 * Return the tenant that owns this row.
	 * @return the tenant, or {@code null} on a new entity until it is persisted (unless set
	 * explicitly)
	 */
	@Nullable TenantId getTenantId();

	/**
	 * Set the tenant of a new entity. Normally unnecessary: persisting assigns the bound
	 * tenant. A tenant set here must still be the one bound when the entity is persisted.
	 * The tenant is set once: setting the same tenant again is accepted, another one is not.
	 * @param tenantId the tenant
	 * @throws IllegalStateException if the entity already belongs to another tenant
	 */
	void setTenantId(TenantId tenantId);

}
