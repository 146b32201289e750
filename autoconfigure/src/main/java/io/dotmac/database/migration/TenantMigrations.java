package io.dotmac.database.migration;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * The programmatic migration API (seed 004's init/create/upgrade/downgrade/current/history,
 * with Alembic's stamp and offline SQL). Every method is blocking and thread-safe; wrap an
 * instance in {@link AsyncTenantMigrations} for the {@code CompletableFuture} forms.
 * <p>
 * Operations that cover many units report per unit and do not stop at the first failure;
 * operations on one unit throw. Every operation is first checked against the
 * {@link MigrationPolicy environment policies}.
 */
public interface TenantMigrations {

	/**
	 * The modules, in the order they run.
	 * @return the modules
	 */
	List<MigrationModule> modules();

	/**
	 * Bring the covered units to the head (or the request's target).
	 * @param request what to cover
	 * @return what was done, unit by unit
	 */
	MigrationReport upgrade(MigrationRequest request);

	/**
	 * The changesets not applied yet, per unit; units with nothing pending are left out.
	 * @param request what to cover
	 * @return the pending changesets, in the order they would run
	 */
	Map<MigrationUnit, List<ChangeSetRef>> pending(MigrationRequest request);

	/**
	 * Where each covered unit stands.
	 * @param request what to cover
	 * @return one status per unit
	 */
	List<MigrationStatus> status(MigrationRequest request);

	/**
	 * One unit's history, oldest first.
	 * @param tenant the tenant, or {@code null} for the shared part
	 * @param module the module name
	 * @return the applied changesets with their execution times
	 * @throws MigrationNotFoundException for an unknown tenant or module
	 */
	List<AppliedChangeSet> history(@Nullable TenantId tenant, String module);

	/**
	 * Roll the covered units back.
	 * @param request what to cover (every covered unit is rolled back by the same target)
	 * @param target how far
	 * @return what was done, unit by unit
	 */
	MigrationReport downgrade(MigrationRequest request, DowngradeTarget target);

	/**
	 * Mark the changesets up to the head (or the request's target) applied, running nothing.
	 * @param request what to cover
	 * @return the changesets marked, unit by unit
	 */
	MigrationReport stamp(MigrationRequest request);

	/**
	 * The SQL that an upgrade would run, per unit and changeset, executing nothing.
	 * @param request what to cover
	 * @return the statements, in the order they would run
	 */
	List<PlannedSql> sql(MigrationRequest request);

	/**
	 * Write a new migration file with the next version.
	 * @param request what to write
	 * @return the file written
	 */
	Path create(NewMigration request);

}
