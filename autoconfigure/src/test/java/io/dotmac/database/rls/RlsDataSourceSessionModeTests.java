package io.dotmac.database.rls;

import java.sql.Connection;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import io.dotmac.database.tenant.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook in {@link RlsMode#SESSION session mode}.
 */
class RlsDataSourceSessionModeTests extends AbstractRlsDataSourceTests {

	@Override
	RlsMode mode() {
		return RlsMode.SESSION;
	}

	@Test
	void hikariConnectionsUnwrapToTheDriversConnection() throws Exception {
		try (Connection connection = this.pool.getConnection()) {
			assertThat(PgConnections.physical(connection)).isInstanceOf(org.postgresql.core.BaseConnection.class);
		}
	}

	@Test
	void theConnectionCarriesTheTenantAfterwardsAndTenantLessWorkClearsIt() {
		try (HikariDataSource single = singleConnectionPool()) {
			RlsDataSource hooked = new RlsDataSource(single, settings());
			TenantContext.run(ACME, () -> inTransaction(hooked, this::tenantsOfItems));
			assertThat(rawSetting(single)).isEqualTo("acme");
			assertThat(inTransaction(hooked, this::tenantsOfItems)).isEmpty();
			assertThat(rawSetting(single)).isEmpty();
			TenantContext.run(GLOBEX, () -> autoCommit(hooked, this::tenantsOfItems));
			assertThat(rawSetting(single)).isEqualTo("globex");
			assertThat(autoCommit(hooked, this::tenantsOfItems)).isEmpty();
			assertThat(rawSetting(single)).isEmpty();
		}
	}

	@Test
	void aRolledBackWriteOfTheSettingIsNotTrusted() {
		try (HikariDataSource single = singleConnectionPool()) {
			RlsDataSource hooked = new RlsDataSource(single, settings());
			TenantContext.run(GLOBEX, () -> inTransaction(hooked, this::tenantsOfItems));
			// A savepoint opens the transaction before the first statement: the hook has to
			// write the setting inside it, where the rollback below undoes it.
			call(() -> {
				try (Connection connection = hooked.getConnection()) {
					connection.setAutoCommit(false);
					connection.setSavepoint();
					assertThat(TenantContext.call(ACME, () -> call(() -> tenantsOfItems(connection))))
						.containsOnly("acme")
						.hasSize(2);
					connection.rollback();
				}
				return null;
			});
			assertThat(rawSetting(single)).isEqualTo("globex");
			assertThat(TenantContext.call(ACME, () -> inTransaction(hooked, this::tenantsOfItems))).containsOnly("acme")
				.hasSize(2);
		}
	}

	@Test
	void aCommittedWriteSurvivesARollbackOfTheTransactionAfterIt() {
		try (HikariDataSource single = singleConnectionPool()) {
			RlsDataSource hooked = new RlsDataSource(single, settings());
			call(() -> {
				try (Connection connection = hooked.getConnection()) {
					connection.setAutoCommit(false);
					TenantContext.run(ACME, () -> call(() -> tenantsOfItems(connection)));
					connection.rollback();
				}
				return null;
			});
			assertThat(rawSetting(single)).isEqualTo("acme");
			assertThat(TenantContext.call(ACME, () -> inTransaction(hooked, this::tenantsOfItems))).hasSize(2);
		}
	}

	private HikariDataSource singleConnectionPool() {
		HikariDataSource single = new HikariDataSource();
		single.setJdbcUrl(this.pool.getJdbcUrl());
		single.setUsername(this.pool.getUsername());
		single.setPassword(this.pool.getPassword());
		single.setMaximumPoolSize(1);
		return single;
	}

	/** The session's setting, read past the hook on the pool's only connection. */
	private String rawSetting(HikariDataSource single) {
		return call(() -> {
			try (Connection raw = single.getConnection()) {
				return currentSetting(raw);
			}
		});
	}

}
