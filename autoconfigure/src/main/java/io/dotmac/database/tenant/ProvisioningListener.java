package io.dotmac.database.tenant;

/**
 * Told about each step of a tenant's creation or deletion before it runs, for logs and
 * metrics. An exception thrown here stops the operation at that step, exactly like a
 * failure of the step itself (which is how the tests prove that every step can be
 * retried).
 */
@FunctionalInterface
public interface ProvisioningListener {

	/** A listener that does nothing. */
	ProvisioningListener NONE = (tenant, step) -> {
	};

	/**
	 * Called before a step runs.
	 * @param tenant the tenant
	 * @param step the step
	 */
	void beforeStep(TenantId tenant, ProvisioningStep step);

}
