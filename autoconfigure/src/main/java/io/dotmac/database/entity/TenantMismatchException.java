package io.dotmac.database.entity;

import java.io.Serial;

import io.dotmac.database.tenant.TenantException;

/**
 * Thrown when an entity that names one tenant is written while another tenant is bound to
 * the thread. Nothing is written.
 */
public class TenantMismatchException extends TenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message which entity and which tenants
	 */
	public TenantMismatchException(String message) {
		super(message);
	}

}
