package io.dotmac.database.rls;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseException;

/**
 * Thrown when tenant isolation must be verified and is not: the
 * {@link IsolationAuditor isolation audit} found violations, or could not be run at all
 * where a verified setup is required (at startup with {@code fail-on-violation}).
 * <p>
 * In a Spring Boot application a failure analyzer turns it into a description of each
 * violation and the SQL that fixes it.
 */
public class IsolationAuditException extends DatabaseException {

	private static final long serialVersionUID = 1L;

	// Not serialized: a report is a diagnostic for this process, and records of lists may
	// hold anything.
	private final transient @Nullable IsolationReport report;

	/**
	 * Create an exception for a report with violations.
	 * @param report the report
	 */
	public IsolationAuditException(IsolationReport report) {
		super(report.summary() + "; violations: " + report.violations());
		this.report = report;
	}

	/**
	 * Create an exception for an audit that could not be run.
	 * @param message what could not be done
	 * @param cause why
	 */
	public IsolationAuditException(String message, @Nullable Throwable cause) {
		super(message, cause);
		this.report = null;
	}

	/**
	 * The report with the violations.
	 * @return the report, or {@code null} when the audit could not be run
	 */
	public @Nullable IsolationReport getReport() {
		return this.report;
	}

}
