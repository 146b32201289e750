package io.dotmac.database.boot;

import java.util.List;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.dotmac.database.rls.IsolationAuditException;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.IsolationReport;

/**
 * Explains a startup stopped by the tenant isolation audit: which role and tables violate
 * isolation and why, and the SQL that fixes each violation.
 */
public class IsolationAuditFailureAnalyzer extends AbstractFailureAnalyzer<IsolationAuditException> {

	private static final String FAIL_ON_VIOLATION = "dotmac.database.rls.audit.fail-on-violation";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, IsolationAuditException cause) {
		IsolationReport report = cause.getReport();
		if (report == null) {
			return new FailureAnalysis(
					"PostgreSQL's tenant isolation could not be verified at startup: " + cause.getMessage(),
					"Make sure the database is reachable and its catalogs readable by the application role. To "
							+ "start without a verified isolation, set " + FAIL_ON_VIOLATION + "=false.",
					cause);
		}
		StringBuilder description = new StringBuilder();
		description.append("PostgreSQL does not enforce tenant isolation for the application role ")
			.append(report.role())
			.append(". The isolation audit found ")
			.append(count(report.violations().size(), "violation"))
			.append(" in ")
			.append(count(report.tenantTables().size(), "tenant table"))
			.append(":\n");
		appendFindings(description, report.violations());
		if (!report.warnings().isEmpty()) {
			description.append("\n\nand ").append(count(report.warnings().size(), "warning")).append(":\n");
			appendFindings(description, report.warnings());
		}
		StringBuilder action = new StringBuilder();
		action.append("Fix the database, ideally in a migration. These statements do it (run them as the table ")
			.append("owner, and ALTER ROLE as a superuser):\n");
		for (IsolationFinding violation : report.violations()) {
			if (violation.fix() != null) {
				action.append("\n\t").append(violation.fix().replace("\n", "\n\t"));
			}
		}
		action.append("\n\nTo exclude a table that is meant to be shared, list it in ")
			.append("dotmac.database.rls.audit.ignore-tables. To start anyway while you fix it, set ")
			.append(FAIL_ON_VIOLATION)
			.append("=false: violations are then logged and the tenantIsolation health indicator reports DOWN.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private static void appendFindings(StringBuilder text, List<IsolationFinding> findings) {
		for (IsolationFinding finding : findings) {
			text.append("\n\t- ").append(finding.subject().isEmpty() ? "" : finding.subject() + ": ")
				.append(finding.problem());
		}
	}

	private static String count(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

}
