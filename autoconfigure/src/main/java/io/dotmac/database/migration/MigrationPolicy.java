package io.dotmac.database.migration;

/**
 * An environment policy (seed 001): decides, before anything runs, whether an operation is
 * allowed here. Every policy bean is asked; the first refusal wins.
 */
@FunctionalInterface
public interface MigrationPolicy {

	/**
	 * Allow or refuse an operation.
	 * @param operation what is about to run
	 * @param request what it covers
	 * @throws MigrationPolicyException when the operation is refused
	 */
	void check(MigrationOperation operation, MigrationRequest request);

}
