package io.dotmac.database.actuate;

import java.util.List;
import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.dotmac.database.rls.IsolationAuditor;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.IsolationReport;

/**
 * Health of tenant isolation: runs the {@link IsolationAuditor isolation audit} on every
 * check and reports {@link Status#DOWN} when it finds violations, {@link Status#UP}
 * otherwise (warnings included), with the findings as details.
 * <p>
 * DOWN rather than OUT_OF_SERVICE: an application whose database does not isolate tenants
 * is broken, not taken out of service on purpose. An audit that cannot be run is DOWN as
 * well, with the error. Details: {@code role}, {@code tenantTables} (how many),
 * {@code violations}, {@code warnings} and {@code info} (one line per finding, each
 * present only when not empty). The full report with fix statements is the
 * {@code tenantisolation} endpoint.
 */
public class TenantIsolationHealthIndicator extends AbstractHealthIndicator {

	private final IsolationAuditor auditor;

	/**
	 * Create the health indicator.
	 * @param auditor the auditor to run
	 */
	public TenantIsolationHealthIndicator(IsolationAuditor auditor) {
		super("Tenant isolation audit failed");
		this.auditor = Objects.requireNonNull(auditor, "auditor");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		IsolationReport report = this.auditor.audit();
		builder.status(report.hasViolations() ? Status.DOWN : Status.UP)
			.withDetail("role", report.role())
			.withDetail("tenantTables", report.tenantTables().size());
		List<IsolationFinding> violations = report.violations();
		List<IsolationFinding> warnings = report.warnings();
		if (!violations.isEmpty()) {
			builder.withDetail("violations", lines(violations));
		}
		if (!warnings.isEmpty()) {
			builder.withDetail("warnings", lines(warnings));
		}
		List<IsolationFinding> info = report.findings()
			.stream()
			.filter((finding) -> finding.severity() == IsolationFinding.Severity.INFO)
			.toList();
		if (!info.isEmpty()) {
			builder.withDetail("info", lines(info));
		}
	}

	private static List<String> lines(List<IsolationFinding> findings) {
		return findings.stream()
			.map((finding) -> finding.check() + (finding.subject().isEmpty() ? "" : " " + finding.subject()) + ": "
					+ finding.problem())
			.toList();
	}

}
