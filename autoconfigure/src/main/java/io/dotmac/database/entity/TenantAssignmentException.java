package io.dotmac.database.entity;

import java.io.Serial;

import io.dotmac.database.tenant.TenantException;

/**
 * Thrown when a tenant entity about to be inserted is already assigned to a tenant other
 * than the one bound to the thread: a row is written only for the bound tenant, so the
 * entity's assignment is refused and nothing is written. Raised by
 * {@link TenantEntityListener} before any SQL runs.
 * <p>
 * Not to be confused with {@code io.dotmac.database.rls.TenantMismatchException}, which
 * the connection hook raises when a statement's thread works for another scope than the
 * transaction it runs in.
 */
public class TenantAssignmentException extends TenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message which entity, the tenant it names and the bound tenant
	 */
	public TenantAssignmentException(String message) {
		super(message);
	}

}
