package io.dotmac.database.tenant;

import java.io.Serial;

/**
 * Thrown when work that needs a tenant runs with none bound. Isolation fails closed: the
 * work is refused rather than run for every tenant.
 */
public class MissingTenantException extends TenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what needed a tenant
	 */
	public MissingTenantException(String message) {
		super(message);
	}

}
