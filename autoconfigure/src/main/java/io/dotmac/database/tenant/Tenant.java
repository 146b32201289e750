package io.dotmac.database.tenant;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered tenant, as the {@link TenantRegistry} knows it.
 *
 * @param id the tenant's id
 * @param name a display name for operators
 * @param status whether the tenant is served
 * @param createdAt when the tenant was registered
 * @param updatedAt when the tenant's entry last changed (registration, suspension, resumption)
 */
public record Tenant(TenantId id, String name, TenantStatus status, Instant createdAt, Instant updatedAt) {

	/**
	 * Create a tenant entry.
	 * @param id the tenant's id
	 * @param name a display name for operators
	 * @param status whether the tenant is served
	 * @param createdAt when the tenant was registered
	 * @param updatedAt when the tenant's entry last changed
	 */
	public Tenant {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(status, "status must not be null");
		Objects.requireNonNull(createdAt, "createdAt must not be null");
		Objects.requireNonNull(updatedAt, "updatedAt must not be null");
	}

	/**
	 * Whether the tenant is served.
	 * @return {@code true} when the status is {@link TenantStatus#ACTIVE}
	 */
	public boolean isActive() {
		return this.status == TenantStatus.ACTIVE;
	}

}
