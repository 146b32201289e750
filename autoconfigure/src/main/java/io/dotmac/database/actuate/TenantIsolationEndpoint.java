package io.dotmac.database.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.dotmac.database.rls.IsolationAuditor;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.IsolationReport;

/**
 * The {@code tenantisolation} actuator endpoint: runs the
 * {@link IsolationAuditor isolation audit} on every read and returns the full report,
 * fix statements included.
 * <p>
 * Like every actuator endpoint it is not exposed over HTTP until listed in
 * {@code management.endpoints.web.exposure.include}. The report names roles, schemas and
 * tables; expose it only to operators.
 */
@Endpoint(id = TenantIsolationEndpoint.ID)
public class TenantIsolationEndpoint {

	/** The endpoint id. */
	public static final String ID = "tenantisolation";

	private final IsolationAuditor auditor;

	/**
	 * Create the endpoint.
	 * @param auditor the auditor to run
	 */
	public TenantIsolationEndpoint(IsolationAuditor auditor) {
		this.auditor = Objects.requireNonNull(auditor, "auditor");
	}

	/**
	 * Run the audit.
	 * @return the report
	 */
	@ReadOperation
	public IsolationReportDescriptor report() {
		return new IsolationReportDescriptor(this.auditor.audit());
	}

	/**
	 * The report as the endpoint returns it.
	 */
	public static final class IsolationReportDescriptor implements OperationResponseBody {

		private final IsolationReport report;

		IsolationReportDescriptor(IsolationReport report) {
			this.report = report;
		}

		/**
		 * The outcome in one word.
		 * @return {@code VIOLATIONS} if isolation is not enforced somewhere, {@code WARNINGS}
		 * if it is but there is work to do, otherwise {@code ENFORCED}
		 */
		public String getStatus() {
			if (this.report.hasViolations()) {
				return "VIOLATIONS";
			}
			return this.report.warnings().isEmpty() ? "ENFORCED" : "WARNINGS";
		}

		/**
		 * The role that was audited.
		 * @return the role name
		 */
		public String getRole() {
			return this.report.role();
		}

		/**
		 * The schemas that were searched.
		 * @return schema names
		 */
		public List<String> getSchemas() {
			return this.report.schemas();
		}

		/**
		 * The tenant-aware tables that were audited.
		 * @return schema-qualified table names
		 */
		public List<String> getTenantTables() {
			return this.report.tenantTables();
		}

		/**
		 * How many findings are violations.
		 * @return the number of violations
		 */
		public int getViolations() {
			return this.report.violations().size();
		}

		/**
		 * How many findings are warnings.
		 * @return the number of warnings
		 */
		public int getWarnings() {
			return this.report.warnings().size();
		}

		/**
		 * All findings, most serious first.
		 * @return the findings
		 */
		public List<Finding> getFindings() {
			return this.report.findings().stream().map(Finding::new).toList();
		}

		/**
		 * When the audit ran.
		 * @return the time
		 */
		public Instant getAuditedAt() {
			return this.report.auditedAt();
		}

	}

	/**
	 * One finding as the endpoint returns it.
	 */
	public static final class Finding {

		private final IsolationFinding finding;

		Finding(IsolationFinding finding) {
			this.finding = finding;
		}

		/**
		 * How serious it is.
		 * @return {@code ERROR}, {@code WARNING} or {@code INFO}
		 */
		public String getSeverity() {
			return this.finding.severity().name();
		}

		/**
		 * What was checked.
		 * @return the check's stable identifier
		 */
		public String getCheck() {
			return this.finding.check().name();
		}

		/**
		 * The role, schema or table the finding is about.
		 * @return the name, empty for the whole database
		 */
		public String getSubject() {
			return this.finding.subject();
		}

		/**
		 * What is wrong.
		 * @return the problem
		 */
		public String getProblem() {
			return this.finding.problem();
		}

		/**
		 * The SQL that fixes it.
		 * @return the statements, or {@code null} when there is nothing to run
		 */
		public @Nullable String getFix() {
			return this.finding.fix();
		}

	}

}
