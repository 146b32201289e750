package io.dotmac.database.boot;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.dotmac.database.migration.MigrationUpgradeException;
import io.dotmac.database.migration.guard.TenantGuardException;
import io.dotmac.database.rls.IsolationCheck;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.IsolationFinding.Severity;
import io.dotmac.database.rls.IsolationReport;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;

class TenantGuardFailureAnalyzerTests {

	@Test
	void namesEachTableItsProblemAndItsFixThroughTheEnginesException() {
		IsolationReport report = new IsolationReport("owner", List.of("t_acme"), List.of("t_acme.orders"),
				List.of(new IsolationFinding(Severity.ERROR, IsolationCheck.RLS_WITHOUT_TENANT_SETTING, "t_acme.orders",
						"Row-Level Security is on for t_acme.orders in a tenant schema.",
						"ALTER TABLE t_acme.orders NO FORCE ROW LEVEL SECURITY;\nALTER TABLE t_acme.orders DISABLE ROW LEVEL SECURITY;")),
				Instant.EPOCH);
		TenantGuardException guard = new TenantGuardException("Tenant guards found 1 problem", report);
		FailureAnalysis analysis = new TenantGuardFailureAnalyzer().analyze(new BeanCreationException("migrations",
				"failed", new MigrationUpgradeException("Unit failed", guard, TenantId.of("acme"), "app", null)));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("(schemas t_acme)")
			.contains("\t- t_acme.orders: Row-Level Security is on for t_acme.orders in a tenant schema.");
		assertThat(analysis.getAction()).contains("\tALTER TABLE t_acme.orders NO FORCE ROW LEVEL SECURITY;\n"
				+ "\tALTER TABLE t_acme.orders DISABLE ROW LEVEL SECURITY;")
			.contains("dotmac.database.migrations.policy.require-validation=false");
	}

}
