package io.dotmac.database.migration.guard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationHook;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.IsolationFinding.Severity;
import io.dotmac.database.rls.IsolationReport;

/**
 * Runs the {@link TenantGuardValidator} after every unit that applied changesets, in the
 * unit's transaction on the unit's schema, so a changeset that leaves a tenant table
 * unprotected is rolled back together with the check, before anyone sees it.
 * <p>
 * Which units: in Row-Level Security mode every unit (shared and tenant parts run in the
 * shared schema, and the validator tells tenant tables from shared ones by their tenant
 * column, Row-Level Security or policies); in schema mode the tenant units only (the shared
 * schema holds shared tables, which need nothing).
 * <p>
 * With {@code requireValidation} any error or warning fails the unit with a
 * {@link TenantGuardException} that lists each finding with its fix; without, the findings
 * are logged as warnings and the unit commits.
 */
public final class TenantGuardHook implements MigrationHook {

	/** The property that makes validation fail a unit, named in the failure message. */
	public static final String REQUIRE_VALIDATION_PROPERTY = "dotmac.database.migrations.policy.require-validation";

	private static final Log logger = LogFactory.getLog(TenantGuardHook.class);

	private final TenantGuardValidator validator;

	private final boolean requireValidation;

	/**
	 * A hook.
	 * @param validator the validator
	 * @param requireValidation whether findings fail the unit ({@code true}) or are only
	 * logged
	 */
	public TenantGuardHook(TenantGuardValidator validator, boolean requireValidation) {
		this.validator = Objects.requireNonNull(validator, "validator must not be null");
		this.requireValidation = requireValidation;
	}

	/**
	 * Whether findings fail the unit.
	 * @return {@code true} when validation is required
	 */
	public boolean isRequireValidation() {
		return this.requireValidation;
	}

	@Override
	public void afterUnit(MigrationUnit unit, List<ChangeSetRef> applied, Connection connection) throws SQLException {
		if (unit.target() == MigrationTarget.SHARED
				&& this.validator.settings().mode() == TenantIsolationMode.SCHEMA_PER_TENANT) {
			return;
		}
		IsolationReport report = this.validator.validate(connection, List.of(unit.schema()));
		List<IsolationFinding> problems = report.findings()
			.stream()
			.filter((finding) -> finding.severity() != Severity.INFO)
			.toList();
		if (problems.isEmpty()) {
			return;
		}
		String message = "Tenant guards found " + problems.size() + " problem" + ((problems.size() == 1) ? "" : "s")
				+ " after " + unit + " (" + applied.size() + " changeset" + ((applied.size() == 1) ? "" : "s")
				+ " applied, last " + (applied.isEmpty() ? "none" : applied.get(applied.size() - 1)) + "):"
				+ describe(problems);
		if (this.requireValidation) {
			throw new TenantGuardException(message + "\nThe unit was rolled back. Fix the changelog (a new changeset "
					+ "with the fixes above), or set " + REQUIRE_VALIDATION_PROPERTY
					+ "=false to only log these findings.", report);
		}
		logger.warn(message + "\nThe unit was committed because " + REQUIRE_VALIDATION_PROPERTY + " is false.");
	}

	private static String describe(List<IsolationFinding> findings) {
		StringBuilder text = new StringBuilder();
		for (IsolationFinding finding : findings) {
			text.append("\n  ").append(finding);
			if (finding.fix() != null) {
				text.append("\n      fix: ").append(finding.fix().replace("\n", "\n           "));
			}
		}
		return text.toString();
	}

}
