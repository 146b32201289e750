package io.dotmac.database.rls;

import java.io.Serial;

import io.dotmac.database.tenant.TenantException;

/**
 * Thrown when a statement would run in a transaction (or, in session mode, on a
 * connection) that was started for another tenant, for the system scope, or for no
 * tenant: the {@link io.dotmac.database.tenant.TenantContext} changed while the work was
 * under way. The statement is not run; running it would read or write with the wrong
 * tenant. Bind the tenant before the transaction starts and switch it only between
 * transactions. A Spring transaction rolls back on this exception like on any other.
 */
public class TenantMismatchException extends TenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param started the scope the unit of work started in
	 * @param current the scope of the thread now
	 * @param unit what was started ("transaction", "session")
	 */
	public TenantMismatchException(RlsScope started, RlsScope current, String unit) {
		super("This " + unit + " was started for " + started + " but the current thread now works for " + current
				+ "; the statement was not run. Bind the tenant before the " + unit
				+ " starts and change it only between transactions");
	}

}
