package io.dotmac.database.rls;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.dotmac.database.rls.IsolationFinding.Severity;

/**
 * The outcome of an {@link IsolationAuditor isolation audit}: the role that was audited, the
 * tenant-aware tables that were found, and the findings.
 * <p>
 * A report with no {@link #violations() violations} means PostgreSQL enforces tenant
 * isolation for the role on every table found; {@link #warnings() warnings} may still
 * name work to do. {@link #describe()} renders the whole report for a log or a console,
 * fix statements included.
 *
 * @param role the audited role: {@code current_user} of the audit's connection
 * @param schemas the schemas that were searched for tenant-aware tables
 * @param tenantTables the schema-qualified tenant-aware tables that were audited, in order
 * @param findings the findings, most serious first
 * @param auditedAt when the audit ran
 */
public record IsolationReport(String role, List<String> schemas, List<String> tenantTables,
		List<IsolationFinding> findings, Instant auditedAt) {

	/**
	 * Create a report.
	 * @param role the audited role
	 * @param schemas the schemas searched
	 * @param tenantTables the tenant-aware tables audited
	 * @param findings the findings, in any order; the report sorts them
	 * @param auditedAt when the audit ran
	 */
	public IsolationReport {
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(auditedAt, "auditedAt");
		schemas = List.copyOf(schemas);
		tenantTables = List.copyOf(tenantTables);
		// Stable sort: the auditor's order (role first, then tables) survives within a severity.
		findings = findings.stream()
			.sorted((a, b) -> b.severity().compareTo(a.severity()))
			.toList();
	}

	/**
	 * The findings that mean isolation is not enforced for the role.
	 * @return the {@link Severity#ERROR} findings
	 */
	public List<IsolationFinding> violations() {
		return withSeverity(Severity.ERROR);
	}

	/**
	 * The findings that need attention but do not break isolation for the role.
	 * @return the {@link Severity#WARNING} findings
	 */
	public List<IsolationFinding> warnings() {
		return withSeverity(Severity.WARNING);
	}

	/**
	 * Whether isolation is not enforced somewhere.
	 * @return {@code true} if there is at least one violation
	 */
	public boolean hasViolations() {
		return this.findings.stream().anyMatch(IsolationFinding::isViolation);
	}

	/**
	 * Fails when isolation is not enforced; for code that runs the audit by hand.
	 * @return this report, when it has no violations
	 * @throws IsolationAuditException if it has violations
	 */
	public IsolationReport requireNoViolations() {
		if (hasViolations()) {
			throw new IsolationAuditException(this);
		}
		return this;
	}

	/**
	 * One line: role, tables, number of violations and warnings.
	 * @return the summary
	 */
	public String summary() {
		int violations = violations().size();
		int warnings = warnings().size();
		StringBuilder summary = new StringBuilder("Tenant isolation audit of role ").append(this.role)
			.append(": ")
			.append(plural(this.tenantTables.size(), "tenant table"))
			.append(" in ")
			.append(this.schemas.isEmpty() ? "no schema" : String.join(", ", this.schemas))
			.append(", ");
		if (violations == 0 && warnings == 0) {
			return summary.append(this.tenantTables.isEmpty() ? "nothing to protect yet" : "isolation enforced")
				.toString();
		}
		summary.append(plural(violations, "violation")).append(", ").append(plural(warnings, "warning"));
		return summary.toString();
	}

	/**
	 * The summary, then every finding with its fix.
	 * @return several lines of text, without a trailing line break
	 */
	public String describe() {
		StringBuilder text = new StringBuilder(summary());
		if (!this.tenantTables.isEmpty()) {
			text.append("\n  tenant tables: ").append(String.join(", ", this.tenantTables));
		}
		for (IsolationFinding finding : this.findings) {
			text.append("\n  ").append(finding);
			if (finding.fix() != null) {
				text.append("\n      fix: ").append(finding.fix().replace("\n", "\n           "));
			}
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return summary();
	}

	private List<IsolationFinding> withSeverity(Severity severity) {
		return this.findings.stream().filter((finding) -> finding.severity() == severity).toList();
	}

	private static String plural(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

}
