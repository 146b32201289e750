package io.dotmac.database.rls;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;

import static io.dotmac.database.rls.TenantTableSql.correctTable;
import static io.dotmac.database.rls.TenantTableSql.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The startup check by hand, without Spring Boot: what it logs and when it throws.
 */
@DotmacTestServers
@ExtendWith(OutputCaptureExtension.class)
class IsolationAuditStartupCheckTests {

	private final TestDatabase database;

	IsolationAuditStartupCheckTests(TestDatabase database) {
		this.database = database;
	}

	@AfterEach
	void dropTables() {
		new JdbcTemplate(this.database.ownerDataSource()).execute("DROP TABLE IF EXISTS customers");
	}

	@Test
	void logsACleanReportAtInfo(CapturedOutput output) {
		execute(this.database.ownerDataSource(), correctTable("customers", this.database.appUsername()));
		check(true).afterSingletonsInstantiated();
		assertThat(output).contains("INFO").contains("1 tenant table in public, isolation enforced");
	}

	@Test
	void throwsOnViolationsWhenFailingOnThem() {
		execute(this.database.ownerDataSource(), List.of("CREATE TABLE customers (tenant_id text NOT NULL PRIMARY KEY)"));
		assertThatExceptionOfType(IsolationAuditException.class).isThrownBy(() -> check(true).afterSingletonsInstantiated())
			.withMessageContaining("2 violations")
			.satisfies((ex) -> assertThat(ex.getReport()).isNotNull());
	}

	@Test
	void logsViolationsAtErrorOtherwise(CapturedOutput output) {
		execute(this.database.ownerDataSource(), List.of("CREATE TABLE customers (tenant_id text NOT NULL PRIMARY KEY)"));
		assertThatNoException().isThrownBy(() -> check(false).afterSingletonsInstantiated());
		assertThat(output).contains("ERROR")
			.contains("[ERROR] RLS_DISABLED public.customers")
			.contains("fix: ALTER TABLE public.customers ENABLE ROW LEVEL SECURITY;")
			.contains("Starting anyway: fail-on-violation is off.");
	}

	@Test
	void logsWarningsAtWarnAndNeverThrowsForThem(CapturedOutput output) {
		execute(this.database.ownerDataSource(), correctTable("customers", this.database.appUsername()));
		execute(this.database.ownerDataSource(), List.of("ALTER TABLE customers NO FORCE ROW LEVEL SECURITY"));
		assertThatNoException().isThrownBy(() -> check(true).afterSingletonsInstantiated());
		assertThat(output).contains("WARN").contains("[WARNING] RLS_NOT_FORCED public.customers");
	}

	@Test
	void anAuditThatCannotRunFailsClosedOrIsLogged(CapturedOutput output) {
		PGSimpleDataSource unreachable = new PGSimpleDataSource();
		unreachable.setURL(this.database.jdbcUrl());
		unreachable.setUser(this.database.appUsername());
		unreachable.setPassword("wrong password");
		IsolationAuditor auditor = new IsolationAuditor(unreachable);
		assertThatExceptionOfType(IsolationAuditException.class)
			.isThrownBy(() -> new IsolationAuditStartupCheck(auditor, true).afterSingletonsInstantiated())
			.withMessageStartingWith("The tenant isolation audit could not be run: ")
			.satisfies((ex) -> assertThat(ex.getReport()).isNull());
		assertThatNoException()
			.isThrownBy(() -> new IsolationAuditStartupCheck(auditor, false).afterSingletonsInstantiated());
		assertThat(output).contains("The tenant isolation audit could not be run; isolation is not verified");
	}

	private IsolationAuditStartupCheck check(boolean failOnViolation) {
		DataSource app = this.database.appDataSource();
		return new IsolationAuditStartupCheck(new IsolationAuditor(app), failOnViolation);
	}

}
