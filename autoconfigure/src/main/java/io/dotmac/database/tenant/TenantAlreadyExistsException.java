package io.dotmac.database.tenant;

import java.io.Serial;

/**
 * Thrown when a tenant is registered under an id that is already taken. Nothing is changed.
 */
public class TenantAlreadyExistsException extends TenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final TenantId tenant;

	/**
	 * Create an exception.
	 * @param tenant the id that is already registered
	 */
	public TenantAlreadyExistsException(TenantId tenant) {
		super("Tenant '" + tenant + "' is already registered");
		this.tenant = tenant;
	}

	/**
	 * Return the id that is already registered.
	 * @return the tenant
	 */
	public TenantId getTenant() {
		return this.tenant;
	}

}
