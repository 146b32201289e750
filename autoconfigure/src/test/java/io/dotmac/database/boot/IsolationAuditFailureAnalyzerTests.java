package io.dotmac.database.boot;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.dotmac.database.rls.IsolationAuditException;
import io.dotmac.database.rls.IsolationCheck;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.IsolationFinding.Severity;
import io.dotmac.database.rls.IsolationReport;

import static org.assertj.core.api.Assertions.assertThat;

class IsolationAuditFailureAnalyzerTests {

	private final IsolationAuditFailureAnalyzer analyzer = new IsolationAuditFailureAnalyzer();

	@Test
	void describesEachViolationAndHandsOutItsFix() {
		IsolationReport report = new IsolationReport("app", List.of("public"), List.of("public.customers"),
				List.of(new IsolationFinding(Severity.WARNING, IsolationCheck.NO_TENANT_INDEX, "public.customers",
						"No valid index starts with tenant_id.", "CREATE INDEX CONCURRENTLY x ON public.customers (tenant_id);"),
						new IsolationFinding(Severity.ERROR, IsolationCheck.BYPASSRLS, "app", "The role has BYPASSRLS.",
								"ALTER ROLE app NOBYPASSRLS;"),
						new IsolationFinding(Severity.ERROR, IsolationCheck.RLS_DISABLED, "public.customers",
								"RLS is off.", "ALTER TABLE public.customers ENABLE ROW LEVEL SECURITY;\n"
										+ "ALTER TABLE public.customers FORCE ROW LEVEL SECURITY;")),
				Instant.EPOCH);
		// Wrapped, as a failure in a bean's callback may be.
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("audit", "failed", new IsolationAuditException(report)));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo("""
				PostgreSQL does not enforce tenant isolation for the application role app. \
				The isolation audit found 2 violations in 1 tenant table:

				\t- app: The role has BYPASSRLS.
				\t- public.customers: RLS is off.

				and 1 warning:

				\t- public.customers: No valid index starts with tenant_id.""");
		assertThat(analysis.getAction()).startsWith("""
				Fix the database, ideally in a migration. These statements do it (run them as the table owner, \
				and ALTER ROLE as a superuser):

				\tALTER ROLE app NOBYPASSRLS;
				\tALTER TABLE public.customers ENABLE ROW LEVEL SECURITY;
				\tALTER TABLE public.customers FORCE ROW LEVEL SECURITY;

				To exclude a table""")
			.doesNotContain("CREATE INDEX")
			.contains("set dotmac.database.rls.audit.fail-on-violation=false");
	}

	@Test
	void explainsAnAuditThatCouldNotRun() {
		FailureAnalysis analysis = this.analyzer.analyze(new IsolationAuditException(
				"The tenant isolation audit could not be run: connection refused", new IllegalStateException()));
		assertThat(analysis.getDescription()).isEqualTo("PostgreSQL's tenant isolation could not be verified at "
				+ "startup: The tenant isolation audit could not be run: connection refused");
		assertThat(analysis.getAction()).contains("Make sure the database is reachable")
			.contains("dotmac.database.rls.audit.fail-on-violation=false");
	}

}
