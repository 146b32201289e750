package io.dotmac.database.embedded.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import io.dotmac.database.embedded.PostgresAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PostgresAdmin#createSystemRole} on a real server. Each test uses a system role and
 * member roles of its own (the shared {@link PostgresAdmin#SYSTEM_ROLE} is never dropped), and
 * drops them afterwards.
 */
class PostgresAdminSystemRoleTest {

	private final PostgresAdmin admin = new PostgresAdmin(TestServers.postgres());

	private final DataSource adminDataSource = Sql.admin(TestServers.postgres());

	private final String prefix = "dotmac_sysrole_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	private final String systemRole = this.prefix + "_sys";

	private final List<String> members = new ArrayList<>();

	@BeforeEach
	void createMembers() throws SQLException {
		for (int i = 0; i < 2; i++) {
			String member = this.prefix + "_m" + i;
			this.admin.createOrdinaryRole(member, UUID.randomUUID().toString());
			this.members.add(member);
		}
	}

	@AfterEach
	void dropRoles() throws SQLException {
		for (String member : this.members) {
			this.admin.dropRole(member);
		}
		this.admin.dropRole(this.systemRole);
	}

	@Test
	void createsANoLoginRoleThatMembersMaySwitchToWithoutInheritingIt() throws SQLException {
		assertThat(this.admin.createSystemRole(this.systemRole, this.members.get(0), this.members.get(1))).isTrue();

		assertThat(Sql.queryString(this.adminDataSource,
				"SELECT concat_ws(',', rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolreplication)"
						+ " FROM pg_roles WHERE rolname = '" + this.systemRole + "'"))
			.isEqualTo("f,f,f,f,f,f");
		for (String member : this.members) {
			assertThat(membership(member)).isEqualTo("inherit=f,set=t");
		}
	}

	@Test
	void isIdempotentAndLeavesAnExistingRoleAsItIs() throws SQLException {
		this.admin.createSystemRole(this.systemRole, this.members.get(0));
		Sql.execute(this.adminDataSource, "COMMENT ON ROLE " + this.systemRole + " IS 'created by an operator'");

		assertThat(this.admin.createSystemRole(this.systemRole, this.members.get(0), this.members.get(1))).isTrue();

		assertThat(Sql.queryString(this.adminDataSource,
				"SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = '" + this.systemRole + "'"))
			.isEqualTo("created by an operator");
		assertThat(membership(this.members.get(0))).isEqualTo("inherit=f,set=t");
		assertThat(membership(this.members.get(1))).isEqualTo("inherit=f,set=t");
	}

	/**
	 * Another session creates the role between this call's check and its CREATE ROLE: the
	 * other session's uncommitted role is invisible to the check, the CREATE waits for that
	 * session, and fails once it commits. The call must still succeed.
	 */
	@Test
	void succeedsWhenAnotherSessionCreatesTheRoleConcurrently() throws Exception {
		CompletableFuture<Boolean> call;
		try (Connection other = this.adminDataSource.getConnection(); Statement statement = other.createStatement()) {
			other.setAutoCommit(false);
			statement.execute("CREATE ROLE " + this.systemRole + " NOLOGIN");

			call = CompletableFuture.supplyAsync(() -> {
				try {
					return this.admin.createSystemRole(this.systemRole, this.members.get(0));
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
			// The call's CREATE ROLE waits for the other session's transaction.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Sql.queryString(this.adminDataSource,
						"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE "
								+ "'%CREATE ROLE " + this.systemRole + " NOLOGIN NOSUPERUSER%'"),
						"1"::equals);
			other.commit();
		}

		assertThat(call.get()).isTrue();
		assertThat(Sql.queryString(this.adminDataSource,
				"SELECT count(*) FROM pg_roles WHERE rolname = '" + this.systemRole + "'"))
			.isEqualTo("1");
		assertThat(membership(this.members.get(0))).isEqualTo("inherit=f,set=t");
	}

	private String membership(String member) throws SQLException {
		return Sql.queryString(this.adminDataSource,
				"SELECT concat('inherit=', m.inherit_option, ',set=', m.set_option) FROM pg_auth_members m "
						+ "WHERE m.roleid = '" + this.systemRole + "'::regrole AND m.member = '" + member + "'::regrole");
	}

}
