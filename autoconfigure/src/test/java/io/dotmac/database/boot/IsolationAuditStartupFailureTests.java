package io.dotmac.database.boot;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import io.dotmac.database.autoconfigure.IsolationAuditAutoConfiguration;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.IsolationAuditException;
import io.dotmac.database.rls.TenantTableSql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Starts a whole application against a database whose tenant table does not force RLS while
 * the application role owns it, and reads what it prints: the failure analyzer, found
 * through {@code spring.factories}, names the violation and hands out the fix.
 */
@DotmacTestServers
@ExtendWith(OutputCaptureExtension.class)
class IsolationAuditStartupFailureTests {

	@Test
	void violationStopsStartupWithDescriptionAndAction(TestDatabase database, CapturedOutput output) {
		// The application runs its own migrations, so it owns the table, and the table
		// does not force RLS: the owner is exempt from the policy.
		TenantTableSql.execute(database.ownerDataSource(),
				List.of("GRANT CREATE ON SCHEMA public TO " + database.appUsername()));
		TenantTableSql.execute(database.appDataSource(), List.of(
				"CREATE TABLE customers (id bigint, tenant_id varchar(48) NOT NULL, PRIMARY KEY (tenant_id, id))",
				"ALTER TABLE customers ENABLE ROW LEVEL SECURITY",
				"CREATE POLICY tenant_isolation ON customers "
						+ "USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), ''))"));
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatExceptionOfType(IsolationAuditException.class)
			.isThrownBy(() -> application.run("--spring.main.banner-mode=off",
					"--spring.datasource.url=" + database.jdbcUrl(),
					"--spring.datasource.username=" + database.appUsername(),
					"--spring.datasource.password=" + database.appPassword()));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("PostgreSQL does not enforce tenant isolation for the application role "
					+ database.appUsername() + ". The isolation audit found 1 violation in 1 tenant table:")
			.contains("public.customers: public.customers is owned by the application role "
					+ database.appUsername() + " and does not FORCE Row-Level Security.")
			.contains("Action:")
			.contains("ALTER TABLE public.customers FORCE ROW LEVEL SECURITY;")
			.contains("dotmac.database.rls.audit.fail-on-violation=false");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, IsolationAuditAutoConfiguration.class })
	static class Application {

	}

}
