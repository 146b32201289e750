package io.dotmac.database.schema;

import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

/**
 * Hibernate's view of the current tenant: the {@link TenantContext} of the thread that
 * opens a session. Tenant-less work and the system scope get identifiers of their own,
 * {@value #NO_TENANT} and {@value #SYSTEM}, which can never be tenant ids (a colon is not
 * allowed in one). With it, each Hibernate session knows its tenant, and the second-level
 * cache keeps tenants' entities apart.
 */
public class TenantContextIdentifierResolver implements CurrentTenantIdentifierResolver<String> {

	/** The identifier of sessions opened without a tenant. */
	public static final String NO_TENANT = "dotmac:none";

	/** The identifier of sessions opened in the system scope. */
	public static final String SYSTEM = "dotmac:system";

	@Override
	public String resolveCurrentTenantIdentifier() {
		return current();
	}

	/**
	 * The identifier of the calling thread's scope.
	 * @return the tenant id, {@value #NO_TENANT} or {@value #SYSTEM}
	 */
	static String current() {
		TenantId tenant = TenantContext.currentOrNull();
		if (tenant != null) {
			return tenant.value();
		}
		return TenantContext.isSystemScope() ? SYSTEM : NO_TENANT;
	}

	@Override
	public boolean validateExistingCurrentSessions() {
		return true;
	}

}
