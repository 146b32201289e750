package io.dotmac.database.embedded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PostgresAdminTest {

	// Never contacted: names are checked before any connection is opened.
	private final PostgresAdmin admin = new PostgresAdmin(new PostgresServer() {

		@Override
		public String host() {
			return "unreachable.invalid";
		}

		@Override
		public int port() {
			return 1;
		}

		@Override
		public String adminUsername() {
			return "postgres";
		}

		@Override
		public String adminPassword() {
			return "postgres";
		}

		@Override
		public String adminDatabase() {
			return "postgres";
		}

	});

	@Test
	void refusesNamesThatWouldNeedQuotingOrSmuggleSql() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.admin.dropDatabase("x; DROP ROLE postgres"))
			.withMessageContaining("x; DROP ROLE postgres");
		assertThatIllegalArgumentException().isThrownBy(() -> this.admin.createOrdinaryRole("App", "secret"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.admin.createDatabase("1st", "owner"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.admin.createSystemRole("Sys", "app"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.admin.createSystemRole("dotmac_rls_system", "app", "x WITH ADMIN TRUE"));
	}

}
