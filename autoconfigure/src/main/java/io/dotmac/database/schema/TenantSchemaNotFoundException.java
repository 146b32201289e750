package io.dotmac.database.schema;

import java.io.Serial;

import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.UnknownTenantException;

/**
 * Thrown when work for a tenant starts and the tenant's schema does not exist (never
 * provisioned, deleted, or dropped by hand). The work does not run, and nothing falls
 * through to another schema. An {@link UnknownTenantException}, so at the HTTP edge it is
 * a 404 like an unknown tenant.
 */
public class TenantSchemaNotFoundException extends UnknownTenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param tenant the tenant
	 * @param schema its schema name
	 */
	public TenantSchemaNotFoundException(TenantId tenant, String schema) {
		super(tenant, "The schema '" + schema + "' of tenant '" + tenant + "' does not exist; provision the tenant "
				+ "(TenantProvisioner.create) before serving it");
	}

}
