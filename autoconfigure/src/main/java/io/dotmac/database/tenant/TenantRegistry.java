package io.dotmac.database.tenant;

import java.util.List;
import java.util.Optional;

/**
 * The tenants an application knows, and whether each is served.
 * <p>
 * The request filter asks the registry about every request's tenant, so {@link #find} sits on
 * the hot path: implementations backed by a remote store should be wrapped in a
 * {@link CachingTenantRegistry}. Changes ({@link #register}, {@link #suspend},
 * {@link #resume}) are operator actions; they validate their input and change nothing when
 * they fail.
 * <p>
 * The default implementation is {@link JdbcTenantRegistry}, a table in a shared schema. Provide
 * a bean of this type to look tenants up elsewhere (a tenant service, a configuration file).
 */
public interface TenantRegistry {

	/**
	 * Find a tenant, whatever its status.
	 * @param id the tenant's id
	 * @return the tenant, or empty when it is not registered
	 */
	Optional<Tenant> find(TenantId id);

	/**
	 * List every registered tenant, ordered by id.
	 * @return the tenants
	 */
	List<Tenant> findAll();

	/**
	 * Register a new, active tenant.
	 * @param id the tenant's id
	 * @param name a display name for operators: not blank, at most {@value #MAX_NAME_LENGTH}
	 * characters
	 * @return the registered tenant
	 * @throws TenantAlreadyExistsException when the id is taken
	 * @throws io.dotmac.database.DatabaseValidationException when the name is not acceptable
	 */
	Tenant register(TenantId id, String name);

	/**
	 * Suspend a tenant: it is no longer served, and requests for it are answered as if it did
	 * not exist. Suspending a suspended tenant changes nothing.
	 * @param id the tenant's id
	 * @return the tenant, suspended
	 * @throws UnknownTenantException when the tenant is not registered
	 */
	Tenant suspend(TenantId id);

	/**
	 * Resume a suspended tenant. Resuming an active tenant changes nothing.
	 * @param id the tenant's id
	 * @return the tenant, active
	 * @throws UnknownTenantException when the tenant is not registered
	 */
	Tenant resume(TenantId id);

	/**
	 * Return a tenant that may be served, or fail the same way whether it is unknown or
	 * suspended.
	 * @param id the tenant's id
	 * @return the active tenant
	 * @throws UnknownTenantException when the tenant is unknown or suspended
	 */
	default Tenant requireActive(TenantId id) {
		return find(id).filter(Tenant::isActive).orElseThrow(() -> new UnknownTenantException(id));
	}

	/**
	 * Register a new tenant in a given status, for a lifecycle that registers first and
	 * activates later (such as {@code io.dotmac.database.schema.TenantProvisioner}, which
	 * registers in {@link TenantStatus#PROVISIONING}).
	 * @param id the tenant's id
	 * @param name a display name, as for {@link #register(TenantId, String)}
	 * @param status the initial status
	 * @return the registered tenant
	 * @throws TenantAlreadyExistsException when the id is taken
	 * @throws UnsupportedOperationException when this registry only registers active tenants
	 */
	default Tenant register(TenantId id, String name, TenantStatus status) {
		if (status == TenantStatus.ACTIVE) {
			return register(id, name);
		}
		throw new UnsupportedOperationException(getClass().getName() + " cannot register a tenant as " + status);
	}

	/**
	 * Move a tenant from one status to another, only if it is in the expected status (a
	 * compare-and-set: two operators cannot both win). Moving to the status it already has
	 * changes nothing and succeeds.
	 * @param id the tenant's id
	 * @param from the status it must have
	 * @param to the new status
	 * @return the tenant, in the new status
	 * @throws UnknownTenantException when the tenant is not registered
	 * @throws TenantStateException when it is in neither status
	 * @throws UnsupportedOperationException when this registry has no lifecycle
	 */
	default Tenant transition(TenantId id, TenantStatus from, TenantStatus to) {
		throw new UnsupportedOperationException(getClass().getName() + " has no tenant lifecycle");
	}

	/**
	 * Remove a tenant's registration, only if it is in the expected status.
	 * @param id the tenant's id
	 * @param expected the status it must have
	 * @return {@code true} when a registration was removed, {@code false} when there was none
	 * @throws TenantStateException when the tenant is in another status
	 * @throws UnsupportedOperationException when this registry has no lifecycle
	 */
	default boolean remove(TenantId id, TenantStatus expected) {
		throw new UnsupportedOperationException(getClass().getName() + " has no tenant lifecycle");
	}

	/** The longest display name accepted by {@link #register}. */
	int MAX_NAME_LENGTH = 255;

}
