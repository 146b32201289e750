package io.dotmac.database.tenant;

import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Serves every request for one tenant, for single-tenant deployments of a multi-tenant
 * application. The tenant is validated when the resolver is created, and still has to be
 * registered and active to be served. Placed after other resolvers in a chain, it is a
 * default for requests that name no tenant.
 */
public class FixedTenantResolver implements TenantResolver {

	private final TenantId tenant;

	/**
	 * Create a resolver.
	 * @param tenant the tenant of every request
	 */
	public FixedTenantResolver(TenantId tenant) {
		this.tenant = Objects.requireNonNull(tenant, "tenant must not be null");
	}

	/**
	 * Return the tenant of every request.
	 * @return the tenant
	 */
	public TenantId getTenant() {
		return this.tenant;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		return this.tenant.value();
	}

	@Override
	public String toString() {
		return "fixed tenant " + this.tenant;
	}

}
