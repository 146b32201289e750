package io.dotmac.database.migration;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseException;
import io.dotmac.database.tenant.TenantId;

/**
 * Base type of the migration errors. Carries, where known, the tenant, the module and the
 * changeset the failure belongs to, so that an operator (or a handler) can tell which of a
 * thousand schemas failed and on what.
 * <p>
 * Subtypes follow the operations: {@link MigrationInitException} (the engine or its
 * history could not be set up), {@link MigrationCreationException} (a new migration file could
 * not be written), {@link MigrationUpgradeException}, {@link MigrationDowngradeException},
 * {@link MigrationNotFoundException} (an unknown module, tag, changeset or tenant), plus
 * {@link MigrationChecksumException} and {@link MigrationPolicyException}.
 */
public class MigrationException extends DatabaseException {

	private static final long serialVersionUID = 1L;

	private final @Nullable TenantId tenant;

	private final @Nullable String module;

	private final @Nullable String changeSet;

	/**
	 * Create an exception.
	 * @param message what went wrong and, where possible, what to do
	 * @param cause the underlying failure, if any
	 * @param tenant the tenant whose schema failed, or {@code null} for shared work
	 * @param module the module, if known
	 * @param changeSet the changeset ({@code path::id::author}), if known
	 */
	public MigrationException(String message, @Nullable Throwable cause, @Nullable TenantId tenant,
			@Nullable String module, @Nullable String changeSet) {
		super(message, cause);
		this.tenant = tenant;
		this.module = module;
		this.changeSet = changeSet;
	}

	/**
	 * The tenant whose schema the failure belongs to.
	 * @return the tenant, or {@code null} for shared work or when unknown
	 */
	public @Nullable TenantId getTenant() {
		return this.tenant;
	}

	/**
	 * The module the failure belongs to.
	 * @return the module name, or {@code null} when unknown
	 */
	public @Nullable String getModule() {
		return this.module;
	}

	/**
	 * The changeset that failed.
	 * @return the changeset as {@code path::id::author}, or {@code null} when unknown
	 */
	public @Nullable String getChangeSet() {
		return this.changeSet;
	}

}
