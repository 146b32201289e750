package io.dotmac.database.lock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.RlsDataSource;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static io.dotmac.database.lock.AbstractDistributedLocksContractTests.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What only the PostgreSQL provider promises: 64-bit keys that do not collide where
 * {@code hashtext} does, locks that join the caller's Spring transaction and end with it, a
 * timed-out wait that leaves the caller's transaction usable, and failing closed when
 * PostgreSQL cannot be reached. Runs as the application role behind the RLS hook.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresAdvisoryLocksTests {

	private DataSource dataSource;

	private PostgresAdvisoryLocks locks;

	private PostgresAdvisoryLocks other;

	private TransactionTemplate transactions;

	private JdbcTemplate jdbc;

	@BeforeAll
	void setUp(TestDatabase database) {
		this.dataSource = new RlsDataSource(database.appDataSource());
		this.locks = new PostgresAdvisoryLocks(this.dataSource);
		this.other = new PostgresAdvisoryLocks(new RlsDataSource(database.appDataSource()));
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.jdbc = new JdbcTemplate(this.dataSource);
	}

	@Test
	void namesThatCollideUnderHashtextGetDistinctLocks() {
		List<String> pair = this.jdbc.queryForObject("""
				SELECT array_agg(name ORDER BY name) FROM (SELECT 'job-' || i AS name FROM generate_series(1, 400000) i) names
				GROUP BY hashtext(name) HAVING count(*) > 1 LIMIT 1""",
				(rs, row) -> List.of((String[]) rs.getArray(1).getArray()));
		assertThat(pair).hasSize(2);
		String a = pair.get(0);
		String b = pair.get(1);
		// hashtext would make them one lock ...
		assertThat(this.jdbc.queryForObject("SELECT hashtext(?) = hashtext(?)", Boolean.class, a, b)).isTrue();
		// ... here they are two.
		try (DistributedLock first = this.locks.tryLock(a, Duration.ZERO);
				DistributedLock second = this.other.tryLock(b, Duration.ZERO)) {
			assertThat(first.acquired()).isTrue();
			assertThat(second.acquired()).isTrue();
		}
		assertThat(new LockKey(a, null).advisoryKey("dotmac")).isNotEqualTo(new LockKey(b, null).advisoryKey("dotmac"));
	}

	@Test
	void theKeyDependsOnNamespaceTenantAndNameAndNothingElse() {
		long key = new LockKey("report", null).advisoryKey("dotmac");
		assertThat(new LockKey("report", null).advisoryKey("dotmac")).isEqualTo(key);
		assertThat(new LockKey("report", null).advisoryKey("other")).isNotEqualTo(key);
		assertThat(new LockKey("report", TenantId.of("acme")).advisoryKey("dotmac")).isNotEqualTo(key);
		assertThat(new LockKey("reports", null).advisoryKey("dotmac")).isNotEqualTo(key);
		// The first 8 bytes of SHA-256("dotmac:global:report"), as PostgreSQL computes them.
		assertThat(this.jdbc.queryForObject(
				"SELECT ('x' || substr(encode(sha256(convert_to('dotmac:global:report', 'UTF8')), 'hex'), 1, 16))::bit(64)::bigint",
				Long.class)).isEqualTo(key);
	}

	@Test
	void aLockInTheCallersTransactionLastsUntilCommit() {
		String name = uniqueName("joined");
		this.transactions.executeWithoutResult((status) -> {
			DistributedLock lock = this.locks.tryLock(name, Duration.ZERO);
			assertThat(lock.acquired()).isTrue();
			assertThat(lock.isHeld()).isTrue();
			assertThat(this.locks.heldLocks()).anyMatch((held) -> held.name().equals(name));
			lock.close();
			// PostgreSQL cannot release a transaction lock early: it ends with the transaction.
			assertThat(lock.isHeld()).isTrue();
			assertThat(otherProcessGets(name)).isFalse();
		});
		assertThat(this.locks.heldLocks()).noneMatch((held) -> held.name().equals(name));
		assertThat(otherProcessGets(name)).isTrue();
	}

	@Test
	void aRollbackEndsTheLockToo() {
		String name = uniqueName("rollback");
		this.transactions.executeWithoutResult((status) -> {
			try (DistributedLock lock = this.locks.tryLock(name, Duration.ZERO)) {
				assertThat(lock.acquired()).isTrue();
			}
			status.setRollbackOnly();
		});
		assertThat(otherProcessGets(name)).isTrue();
		assertThat(this.locks.heldLocks()).noneMatch((held) -> held.name().equals(name));
	}

	@Test
	void aWaitThatTimesOutLeavesTheCallersTransactionAsItWas() {
		String name = uniqueName("savepoint");
		try (DistributedLock holder = this.other.tryLock(name, Duration.ZERO)) {
			assertThat(holder.acquired()).isTrue();
			this.transactions.executeWithoutResult((status) -> {
				this.jdbc.queryForObject("SELECT set_config('app.marker', 'before', true)", String.class);
				this.jdbc.queryForObject("SELECT set_config('lock_timeout', '7s', true)", String.class);
				try (DistributedLock refused = this.locks.tryLock(name, Duration.ofMillis(300))) {
					assertThat(refused.acquired()).isFalse();
				}
				assertThat(this.jdbc.queryForObject("SELECT current_setting('app.marker')", String.class)).isEqualTo("before");
				assertThat(this.jdbc.queryForObject("SELECT current_setting('lock_timeout')", String.class)).isEqualTo("7s");
			});
		}
	}

	@Test
	void aWaitThatSucceedsInTheCallersTransactionPutsItsLockTimeoutBack() throws Exception {
		String name = uniqueName("restored");
		DistributedLock holder = this.other.tryLock(name, Duration.ZERO);
		assertThat(holder.acquired()).isTrue();
		CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> this.transactions.execute((status) -> {
			this.jdbc.queryForObject("SELECT set_config('lock_timeout', '9s', true)", String.class);
			try (DistributedLock lock = this.locks.tryLock(name, Duration.ofSeconds(30))) {
				assertThat(lock.acquired()).isTrue();
				assertThat(lock.isHeld()).isTrue();
			}
			return this.jdbc.queryForObject("SELECT current_setting('lock_timeout')", String.class);
		}));
		// Release only once the waiter is queued in PostgreSQL, so that the wait really happens.
		await().atMost(Duration.ofSeconds(30)).until(() -> this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 "
				+ "FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = "
				+ "(SELECT oid FROM pg_database WHERE datname = current_database()))", Boolean.class));
		holder.close();
		assertThat(waiter.get(60, TimeUnit.SECONDS)).isEqualTo("9s");
	}

	@Test
	void aTenantTransactionBehindTheRlsHookTakesATenantLock() {
		String name = uniqueName("tenant-tx");
		try (TenantContext.Scope acme = TenantContext.bind(TenantId.of("acme"))) {
			this.transactions.executeWithoutResult((status) -> {
				assertThat(this.jdbc.queryForObject("SELECT current_setting('app.current_tenant_id', true)", String.class))
					.isEqualTo("acme");
				try (DistributedLock lock = this.locks.tryLock(name, Duration.ZERO)) {
					assertThat(lock.acquired()).isTrue();
				}
				assertThat(otherProcessGets(name)).as("acme's lock, from acme").isFalse();
				try (TenantContext.Scope none = TenantContext.clear()) {
					assertThat(otherProcessGets(name)).as("the global lock of the same name").isTrue();
				}
			});
		}
	}

	@Test
	void sessionLocksOutliveTransactionsOnTheirConnectionAndEndWhenClosed() {
		PostgresAdvisoryLocks session = new PostgresAdvisoryLocks(this.dataSource, LockSettings.defaults(),
				AdvisoryLockScope.SESSION);
		String name = uniqueName("session");
		DistributedLock lock = session.tryLock(name, Duration.ZERO);
		assertThat(lock.acquired()).isTrue();
		// A Spring transaction on the same data source neither joins nor ends it.
		this.transactions.executeWithoutResult((status) -> assertThat(otherProcessGets(name)).isFalse());
		assertThat(lock.isHeld()).isTrue();
		lock.close();
		assertThat(otherProcessGets(name)).isTrue();
	}

	@Test
	void anUnreachableServerFailsClosed() {
		PGSimpleDataSource nowhere = new PGSimpleDataSource();
		nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
		PostgresAdvisoryLocks unreachable = new PostgresAdvisoryLocks(nowhere);
		assertThatExceptionOfType(LockUnavailableException.class)
			.isThrownBy(() -> unreachable.tryLock("report", Duration.ofSeconds(1)))
			.withMessageContaining("PostgreSQL could not be reached to acquire lock 'global:report'")
			.withMessageContaining("the lock is not held");
		assertThat(unreachable.heldLocks()).isEmpty();
	}

	private boolean otherProcessGets(String name) {
		try (DistributedLock lock = this.other.tryLock(name, Duration.ZERO)) {
			return lock.acquired();
		}
	}

}
