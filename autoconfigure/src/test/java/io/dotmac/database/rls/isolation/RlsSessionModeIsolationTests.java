package io.dotmac.database.rls.isolation;

import io.dotmac.database.rls.RlsMode;

/**
 * The isolation contract with Row-Level Security in session mode, as the application
 * role.
 */
class RlsSessionModeIsolationTests extends AbstractTenantIsolationContractTests {

	@Override
	protected IsolationStrategy createStrategy() {
		return new RlsIsolationStrategy(RlsMode.SESSION, false, false);
	}

}
