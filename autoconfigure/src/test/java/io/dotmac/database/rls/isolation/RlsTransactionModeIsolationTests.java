package io.dotmac.database.rls.isolation;

import io.dotmac.database.rls.RlsMode;

/**
 * The isolation contract with Row-Level Security in transaction mode (the default), as
 * the application role.
 */
class RlsTransactionModeIsolationTests extends AbstractTenantIsolationContractTests {

	@Override
	protected IsolationStrategy createStrategy() {
		return new RlsIsolationStrategy(RlsMode.TRANSACTION, false, false);
	}

}
