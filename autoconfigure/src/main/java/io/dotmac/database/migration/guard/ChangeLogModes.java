package io.dotmac.database.migration.guard;

import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import org.jspecify.annotations.Nullable;

/**
 * Where the Liquibase-side guards find the isolation mode and other settings: a changelog
 * parameter first (what a changelog author sees and can set), else a value of the current
 * Liquibase {@link Scope} under the same key (what a runner can set without touching the
 * parameters of a changelog it parsed once for every tenant).
 */
final class ChangeLogModes {

	private ChangeLogModes() {
	}

	static TenantIsolationMode mode(@Nullable ChangeSet changeSet) {
		return TenantIsolationMode.fromParameter(value(changeSet, TenantIsolationMode.CHANGELOG_PARAMETER));
	}

	static TenantIsolationMode mode(@Nullable DatabaseChangeLog changeLog) {
		return TenantIsolationMode.fromParameter(value(changeLog, TenantIsolationMode.CHANGELOG_PARAMETER));
	}

	static @Nullable Object value(@Nullable ChangeSet changeSet, String name) {
		return value((changeSet != null) ? changeSet.getChangeLog() : null,
				(changeSet != null) ? changeSet.getChangeLogParameters() : null, name);
	}

	static @Nullable Object value(@Nullable DatabaseChangeLog changeLog, String name) {
		return value(changeLog, (changeLog != null) ? changeLog.getChangeLogParameters() : null, name);
	}

	private static @Nullable Object value(@Nullable DatabaseChangeLog changeLog, @Nullable ChangeLogParameters parameters,
			String name) {
		Object value = (parameters != null) ? parameters.getValue(name, changeLog) : null;
		return (value != null) ? value : Scope.getCurrentScope().get(name, Object.class);
	}

}
