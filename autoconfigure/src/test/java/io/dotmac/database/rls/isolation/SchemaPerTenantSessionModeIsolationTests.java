package io.dotmac.database.rls.isolation;

import io.dotmac.database.rls.RlsMode;

/**
 * The isolation contract with a schema per tenant, search_path kept per session (session
 * mode), as the application role.
 */
class SchemaPerTenantSessionModeIsolationTests extends AbstractTenantIsolationContractTests {

	@Override
	protected IsolationStrategy createStrategy() {
		return new SchemaIsolationStrategy(RlsMode.SESSION);
	}

}
