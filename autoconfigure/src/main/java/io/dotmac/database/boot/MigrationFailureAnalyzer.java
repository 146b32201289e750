package io.dotmac.database.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.dotmac.database.migration.MigrationChecksumException;
import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationInitException;

/**
 * Explains a start-up stopped by the tenant-aware migrations: which unit (tenant, schema,
 * module) and changeset failed, why, and what to do; for a run over many tenants, how many
 * failed (the others are listed as suppressed failures).
 */
public class MigrationFailureAnalyzer extends AbstractFailureAnalyzer<MigrationException> {

	private static final String FAIL_ON_ERROR = "dotmac.database.migrations.fail-on-error";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MigrationException cause) {
		StringBuilder description = new StringBuilder("Database migrations failed at start-up");
		if (cause.getModule() != null) {
			description.append(" (module ").append(cause.getModule());
			if (cause.getTenant() != null) {
				description.append(", tenant ").append(cause.getTenant());
			}
			if (cause.getChangeSet() != null) {
				description.append(", changeset ").append(cause.getChangeSet());
			}
			description.append(')');
		}
		description.append(":\n\n\t").append(cause.getMessage());
		for (Throwable other : cause.getSuppressed()) {
			description.append("\n\t").append(other.getMessage());
		}
		String action;
		if (hasCause(cause, MigrationChecksumException.class)) {
			action = "Do not edit changesets that have been applied: revert the edit and put the change into a new "
					+ "changeset. If the edit is deliberate and harmless, add the new checksum as a validCheckSum of "
					+ "the changeset.";
		}
		else if (cause instanceof MigrationInitException) {
			action = "Check the changelog locations under dotmac.database.migrations.* (and "
					+ "dotmac.database.schema.changelog) and that the tenant registry's schema can be created.";
		}
		else {
			action = "Fix the changeset or the data named above and start again: the failed units were rolled back "
					+ "and run again from the start. To start while some tenants fail, set " + FAIL_ON_ERROR
					+ "=false: failures are then recorded in dotmac_migration_state and logged, and the other "
					+ "tenants serve.";
		}
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return true;
			}
		}
		return false;
	}

}
