package io.dotmac.database.rls;

import java.io.Serial;

import io.dotmac.database.tenant.TenantException;

/**
 * Thrown under {@link AutoCommitPolicy#REJECT} when a statement for a tenant (or in the
 * system scope) runs in auto-commit mode, outside any transaction. Run it in a
 * transaction: {@code @Transactional}, a {@code TransactionTemplate}, or
 * {@code setAutoCommit(false)}.
 */
public class TenantTransactionRequiredException extends TenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	TenantTransactionRequiredException(RlsScope scope) {
		super("A statement for " + scope + " ran outside a transaction, and dotmac.database.rls.auto-commit is "
				+ "'reject'; run tenant work in a transaction (@Transactional)");
	}

}
