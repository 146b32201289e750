package io.dotmac.database.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.dotmac.database.migration.guard.TenantGuardException;
import io.dotmac.database.migration.guard.TenantGuardHook;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.IsolationReport;

/**
 * Explains a startup stopped because a migration left a tenant table unguarded: which tables,
 * what is wrong with each, and the SQL to put in a new changeset.
 */
public class TenantGuardFailureAnalyzer extends AbstractFailureAnalyzer<TenantGuardException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TenantGuardException cause) {
		IsolationReport report = cause.getReport();
		if (report == null) {
			return new FailureAnalysis(cause.getMessage(), "Fix the tenant tables the message names.", cause);
		}
		StringBuilder description = new StringBuilder("A migration left tenant tables without their tenant guards "
				+ "(schemas " + String.join(", ", report.schemas()) + "); the migration was rolled back:\n");
		StringBuilder action = new StringBuilder(
				"Add a changeset that fixes the tables, for example with these statements (or the change types "
						+ "enableTenantRls, ensureTenantColumn and ensureTenantIndexes):\n");
		for (IsolationFinding finding : report.findings()) {
			description.append("\n\t- ").append(finding.subject()).append(": ").append(finding.problem());
			if (finding.fix() != null) {
				action.append("\n\t").append(finding.fix().replace("\n", "\n\t"));
			}
		}
		action.append("\n\nA table that is meant to be shared can be listed in ")
			.append("dotmac.database.migrations.policy.ignored-tables. To migrate anyway and only log the findings, set ")
			.append(TenantGuardHook.REQUIRE_VALIDATION_PROPERTY)
			.append("=false.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

}
