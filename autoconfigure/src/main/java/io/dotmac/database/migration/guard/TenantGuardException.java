package io.dotmac.database.migration.guard;

import java.sql.SQLException;

import io.dotmac.database.rls.IsolationReport;

/**
 * The tenant guards found problems after a migration unit and validation is required: the
 * unit's transaction rolls back. An {@link SQLException}, because that is what a
 * {@link io.dotmac.database.migration.MigrationHook} throws to fail a unit; the engine
 * reports it as the unit's error.
 */
public class TenantGuardException extends SQLException {

	private static final long serialVersionUID = 1L;

	/** SQLSTATE class 23 (integrity constraint violation), {@code check_violation}. */
	static final String SQL_STATE = "23514";

	private final transient IsolationReport report;

	/**
	 * Create an exception.
	 * @param message what failed, every finding with its fix, and how to proceed
	 * @param report the validator's report
	 */
	public TenantGuardException(String message, IsolationReport report) {
		super(message, SQL_STATE);
		this.report = report;
	}

	/**
	 * The validator's report.
	 * @return the report, or {@code null} after deserialization
	 */
	public IsolationReport getReport() {
		return this.report;
	}

}
