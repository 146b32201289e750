package io.dotmac.database.rls;

import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Runs the {@link IsolationAuditor isolation audit} once, when the application context has
 * created all its singletons, logs the report and, when asked to, stops startup on a
 * violation.
 * <p>
 * Why then: schema migrations (Liquibase, Flyway, Hibernate's schema generation) run while
 * their beans are created, so every one of them has run by the time
 * {@link #afterSingletonsInstantiated()} is called; the web server starts only afterwards,
 * when the context starts its lifecycle beans. So the audit sees the migrated schema, and
 * an application with broken isolation stops before it serves a single request. An
 * {@code ApplicationRunner} or an {@code ApplicationReadyEvent} listener would run after
 * the server accepts traffic.
 * <p>
 * Logging: an audit without findings (or with information only) is logged at INFO, one with
 * warnings at WARN, one with violations at ERROR, each with the full report and fix
 * statements. With {@code failOnViolation}, violations throw an
 * {@link IsolationAuditException} instead, and so does an audit that cannot be run (the
 * database is unreachable, say): isolation that cannot be verified is not assumed. Without
 * it, a failed audit is logged as a warning and startup goes on.
 */
public class IsolationAuditStartupCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(IsolationAuditStartupCheck.class);

	private final IsolationAuditor auditor;

	private final boolean failOnViolation;

	/**
	 * Create a startup check.
	 * @param auditor the auditor to run
	 * @param failOnViolation whether violations, or an audit that cannot be run, stop
	 * startup
	 */
	public IsolationAuditStartupCheck(IsolationAuditor auditor, boolean failOnViolation) {
		this.auditor = Objects.requireNonNull(auditor, "auditor");
		this.failOnViolation = failOnViolation;
	}

	/**
	 * Whether violations stop startup.
	 * @return {@code true} if they do
	 */
	public boolean isFailOnViolation() {
		return this.failOnViolation;
	}

	@Override
	public void afterSingletonsInstantiated() {
		IsolationReport report;
		try {
			report = this.auditor.audit();
		}
		catch (RuntimeException ex) {
			if (this.failOnViolation) {
				throw new IsolationAuditException("The tenant isolation audit could not be run: " + ex.getMessage(),
						ex);
			}
			logger.warn("The tenant isolation audit could not be run; isolation is not verified", ex);
			return;
		}
		if (report.hasViolations()) {
			if (this.failOnViolation) {
				throw new IsolationAuditException(report);
			}
			logger.error(report.describe() + "\nStarting anyway: fail-on-violation is off.");
		}
		else if (!report.warnings().isEmpty()) {
			logger.warn(report.describe());
		}
		else if (logger.isInfoEnabled()) {
			logger.info(report.describe());
		}
	}

}
