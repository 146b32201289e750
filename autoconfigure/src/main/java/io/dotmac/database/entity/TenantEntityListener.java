package io.dotmac.database.entity;

import jakarta.persistence.PrePersist;

import io.dotmac.database.tenant.MissingTenantException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

/**
 * Gives a new {@link TenantAware} entity the tenant bound to the thread, as a JPA callback
 * (no Spring needed). Registered by {@link TenantEntity}; also usable with
 * {@code @EntityListeners} on an entity that implements {@link TenantAware} itself.
 * <p>
 * On persist:
 * <ul>
 * <li>no tenant bound, or the system scope: {@link MissingTenantException}, nothing is
 * inserted (fail closed: a row without an owner, or with a guessed one, is worse than an
 * error);</li>
 * <li>the entity has no tenant yet: it gets the bound one;</li>
 * <li>the entity already names the bound tenant: accepted;</li>
 * <li>the entity names another tenant: {@link TenantAssignmentException}.</li>
 * </ul>
 * Data for a given tenant is therefore written inside {@code TenantContext.run(tenant, ...)},
 * also by cross-tenant jobs, which then pass the same check as request code and the
 * database's row level security policy.
 */
public class TenantEntityListener {

	/**
	 * Assign or check the tenant of an entity about to be inserted.
	 * @param entity the entity
	 * @throws MissingTenantException when no tenant is bound
	 * @throws TenantAssignmentException when the entity names a tenant other than the bound one
	 */
	@PrePersist
	public void assignTenant(Object entity) {
		if (!(entity instanceof TenantAware tenantAware)) {
			return;
		}
		TenantId bound = TenantContext.currentOrNull();
		if (bound == null) {
			throw new MissingTenantException("Cannot insert " + entity.getClass().getSimpleName()
					+ (TenantContext.isSystemScope() ? " in the system scope" : " with no tenant bound")
					+ ": a tenant's row is written only for the tenant bound with TenantContext.run(tenant, ...)");
		}
		TenantId assigned = tenantAware.getTenantId();
		if (assigned == null) {
			tenantAware.setTenantId(bound);
		}
		else if (!assigned.equals(bound)) {
			throw new TenantAssignmentException("Cannot insert " + entity.getClass().getSimpleName() + " for tenant '"
					+ assigned + "' while tenant '" + bound + "' is bound; a row is written only for the bound tenant");
		}
	}

}
