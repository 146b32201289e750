package io.dotmac.database.rls;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One result of an {@link IsolationAuditor isolation audit}: what was checked, on which
 * role or table, what is wrong, and the SQL that fixes it.
 *
 * @param severity how serious it is
 * @param check what was checked
 * @param subject the role name, the schema name or the schema-qualified table name the
 * finding is about, or an empty string when it is about the whole database
 * @param problem what is wrong and why it matters, in one or two sentences
 * @param fix the SQL statements that fix it, each ending with a semicolon, or {@code null}
 * when there is nothing to run
 */
public record IsolationFinding(Severity severity, IsolationCheck check, String subject, String problem,
		@Nullable String fix) {

	/**
	 * Create a finding.
	 * @param severity how serious it is
	 * @param check what was checked
	 * @param subject the role, schema or table the finding is about
	 * @param problem what is wrong
	 * @param fix the SQL that fixes it, or {@code null}
	 */
	public IsolationFinding {
		Objects.requireNonNull(severity, "severity");
		Objects.requireNonNull(check, "check");
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(problem, "problem");
	}

	/**
	 * Whether this finding is a violation: tenant isolation is not enforced, or not in the
	 * way the application relies on.
	 * @return {@code true} for {@link Severity#ERROR}
	 */
	public boolean isViolation() {
		return this.severity == Severity.ERROR;
	}

	@Override
	public String toString() {
		return "[" + this.severity + "] " + this.check + (this.subject.isEmpty() ? "" : " " + this.subject) + ": "
				+ this.problem;
	}

	/**
	 * How serious a finding is.
	 */
	public enum Severity {

		/** Worth knowing, nothing to fix. */
		INFO,

		/**
		 * Isolation holds for the application role, but the setup is incomplete: a missing
		 * index or a nullable tenant column, a table left open to a role other than the
		 * application's. Logged and reported; never fails startup.
		 */
		WARNING,

		/**
		 * Isolation is not enforced for the application role, or not in the way the
		 * application relies on. A violation: the health indicator reports DOWN, and startup
		 * fails when {@code fail-on-violation} is on.
		 */
		ERROR

	}

}
