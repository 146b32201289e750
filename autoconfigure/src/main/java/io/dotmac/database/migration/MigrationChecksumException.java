package io.dotmac.database.migration;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * A changeset that is already applied has changed since. Nothing of the unit is applied; the
 * message names the file, the schema and what to do (revert the edit and add a new
 * changeset, or, deliberately, add a {@code validCheckSum}).
 */
public class MigrationChecksumException extends MigrationUpgradeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message the file, the schema and what to do
	 * @param tenant the tenant, or {@code null} for shared work
	 * @param module the module
	 * @param changeSet the changed changeset ({@code path::id::author})
	 */
	public MigrationChecksumException(String message, @Nullable TenantId tenant, @Nullable String module,
			@Nullable String changeSet) {
		super(message, null, tenant, module, changeSet);
	}

}
