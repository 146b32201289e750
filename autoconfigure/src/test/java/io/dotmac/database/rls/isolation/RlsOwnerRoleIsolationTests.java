package io.dotmac.database.rls.isolation;

import io.dotmac.database.rls.RlsMode;

/**
 * The isolation contract when the application connects as the role that owns the
 * tables: FORCE ROW LEVEL SECURITY puts the owner under the policies too.
 */
class RlsOwnerRoleIsolationTests extends AbstractTenantIsolationContractTests {

	@Override
	protected IsolationStrategy createStrategy() {
		return new RlsIsolationStrategy(RlsMode.TRANSACTION, true, false);
	}

}
