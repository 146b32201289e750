package io.dotmac.database.migration;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * Applying changesets failed, for one unit or (as the aggregate of a run) for several.
 */
public class MigrationUpgradeException extends MigrationException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what went wrong and what to do
	 * @param cause the underlying failure, if any
	 * @param tenant the tenant, or {@code null} for shared work or when unknown
	 * @param module the module, if known
	 * @param changeSet the changeset ({@code path::id::author}), if known
	 */
	public MigrationUpgradeException(String message, @Nullable Throwable cause, @Nullable TenantId tenant, @Nullable String module,
			@Nullable String changeSet) {
		super(message, cause, tenant, module, changeSet);
	}

}
