package io.dotmac.database.lock;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.RlsDataSource;

/**
 * The lock contract against a real PostgreSQL, in both scopes, as the application role (not
 * the owner, not superuser) behind the RLS connection hook, as the auto-configuration wires it.
 * Two provider instances on two data sources stand for two processes.
 */
@DotmacTestServers
class PostgresAdvisoryLocksContractTests {

	static DataSource appDataSource(TestDatabase database) {
		return new RlsDataSource(database.appDataSource());
	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class TransactionScoped extends AbstractDistributedLocksContractTests {

		private PostgresAdvisoryLocks first;

		private PostgresAdvisoryLocks second;

		@BeforeAll
		void setUp(TestDatabase database) {
			this.first = new PostgresAdvisoryLocks(appDataSource(database), LockSettings.defaults(),
					AdvisoryLockScope.TRANSACTION);
			this.second = new PostgresAdvisoryLocks(appDataSource(database), LockSettings.defaults(),
					AdvisoryLockScope.TRANSACTION);
		}

		@Override
		protected DistributedLocks locks() {
			return this.first;
		}

		@Override
		protected DistributedLocks otherProcess() {
			return this.second;
		}

	}

	@Nested
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	class SessionScoped extends AbstractDistributedLocksContractTests {

		private PostgresAdvisoryLocks first;

		private PostgresAdvisoryLocks second;

		@BeforeAll
		void setUp(TestDatabase database) {
			this.first = new PostgresAdvisoryLocks(appDataSource(database), LockSettings.defaults(),
					AdvisoryLockScope.SESSION);
			this.second = new PostgresAdvisoryLocks(appDataSource(database), LockSettings.defaults(),
					AdvisoryLockScope.SESSION);
		}

		@Override
		protected DistributedLocks locks() {
			return this.first;
		}

		@Override
		protected DistributedLocks otherProcess() {
			return this.second;
		}

	}

}
