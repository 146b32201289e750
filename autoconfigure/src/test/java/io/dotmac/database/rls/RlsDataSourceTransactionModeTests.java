package io.dotmac.database.rls;

import java.sql.Connection;

import org.junit.jupiter.api.Test;

import io.dotmac.database.tenant.TenantContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook in {@link RlsMode#TRANSACTION transaction mode}.
 */
class RlsDataSourceTransactionModeTests extends AbstractRlsDataSourceTests {

	@Override
	RlsMode mode() {
		return RlsMode.TRANSACTION;
	}

	@Test
	void theTenantIsNeverWrittenToTheSession() {
		String inside = TenantContext.call(ACME, () -> inTransaction((connection) -> {
			tenantsOfItems(connection);
			return currentSetting(connection);
		}));
		assertThat(inside).isEqualTo("acme");
		// Same physical connection: a pool of one underneath.
		try (com.zaxxer.hikari.HikariDataSource single = new com.zaxxer.hikari.HikariDataSource()) {
			single.setJdbcUrl(this.pool.getJdbcUrl());
			single.setUsername(this.pool.getUsername());
			single.setPassword(this.pool.getPassword());
			single.setMaximumPoolSize(1);
			RlsDataSource hooked = new RlsDataSource(single, settings());
			TenantContext.run(ACME, () -> inTransaction(hooked, this::tenantsOfItems));
			TenantContext.run(GLOBEX, () -> autoCommit(hooked, this::tenantsOfItems));
			String session = call(() -> {
				try (Connection raw = single.getConnection()) {
					return currentSetting(raw);
				}
			});
			assertThat(session).isEmpty();
		}
	}

}
