package io.dotmac.database.tenant;

import java.io.Serial;

/**
 * Thrown when a tenant is not registered or is suspended. The two cases are deliberately one
 * exception with one message: callers outside the operator's view (a request, a message) must
 * not learn whether a tenant exists. At the HTTP edge this is a 404.
 */
public class UnknownTenantException extends TenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final TenantId tenant;

	/**
	 * Create an exception with a message of its own, for a subclass that says more to
	 * operators (the message must not tell a caller whether the tenant exists).
	 * @param tenant the tenant
	 * @param message the message
	 */
	protected UnknownTenantException(TenantId tenant, String message) {
		super(message);
		this.tenant = tenant;
	}

	/**
	 * Create an exception for a tenant that is unknown or suspended.
	 * @param tenant the tenant, kept for logs and operators (it is a validated id, safe to print)
	 */
	public UnknownTenantException(TenantId tenant) {
		super("Tenant '" + tenant + "' is unknown or suspended");
		this.tenant = tenant;
	}

	/**
	 * Return the tenant that was asked for.
	 * @return the tenant
	 */
	public TenantId getTenant() {
		return this.tenant;
	}

}
