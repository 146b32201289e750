package io.dotmac.database.tenant;

import java.io.Serial;

/**
 * Thrown when a tenant is not in the status an operation needs: resuming a tenant that is
 * still being provisioned, deleting one that is active. Nothing is changed. Meant for
 * operators (it names the status), not for requests.
 */
public class TenantStateException extends TenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Tenant tenant;

	/**
	 * Create an exception.
	 * @param tenant the tenant as it is
	 * @param action what was attempted, such as "resume it"
	 */
	public TenantStateException(Tenant tenant, String action) {
		super("Tenant '" + tenant.id() + "' is " + tenant.status() + "; cannot " + action);
		this.tenant = tenant;
	}

	/**
	 * Return the tenant as it was found.
	 * @return the tenant
	 */
	public Tenant getTenant() {
		return this.tenant;
	}

}
