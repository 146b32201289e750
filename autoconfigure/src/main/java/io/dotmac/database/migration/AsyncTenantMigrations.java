package io.dotmac.database.migration;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * The {@code CompletableFuture} forms of {@link TenantMigrations}: each call runs the blocking
 * operation on the given executor. Use a Spring-managed executor so the tenant context and
 * observation travel with it.
 */
public final class AsyncTenantMigrations {

	private final TenantMigrations migrations;

	private final Executor executor;

	/**
	 * Wrap a migration API.
	 * @param migrations the blocking API
	 * @param executor where the operations run
	 */
	public AsyncTenantMigrations(TenantMigrations migrations, Executor executor) {
		this.migrations = Objects.requireNonNull(migrations, "migrations must not be null");
		this.executor = Objects.requireNonNull(executor, "executor must not be null");
	}

	/**
	 * See {@link TenantMigrations#upgrade(MigrationRequest)}.
	 * @param request what to cover
	 * @return the report, or the failure
	 */
	public CompletableFuture<MigrationReport> upgrade(MigrationRequest request) {
		return CompletableFuture.supplyAsync(() -> this.migrations.upgrade(request), this.executor);
	}

	/**
	 * See {@link TenantMigrations#pending(MigrationRequest)}.
	 * @param request what to cover
	 * @return the pending changesets per unit
	 */
	public CompletableFuture<Map<MigrationUnit, List<ChangeSetRef>>> pending(MigrationRequest request) {
		return CompletableFuture.supplyAsync(() -> this.migrations.pending(request), this.executor);
	}

	/**
	 * See {@link TenantMigrations#status(MigrationRequest)}.
	 * @param request what to cover
	 * @return one status per unit
	 */
	public CompletableFuture<List<MigrationStatus>> status(MigrationRequest request) {
		return CompletableFuture.supplyAsync(() -> this.migrations.status(request), this.executor);
	}

	/**
	 * See {@link TenantMigrations#history(TenantId, String)}.
	 * @param tenant the tenant, or {@code null} for the shared part
	 * @param module the module name
	 * @return the history
	 */
	public CompletableFuture<List<AppliedChangeSet>> history(@Nullable TenantId tenant, String module) {
		return CompletableFuture.supplyAsync(() -> this.migrations.history(tenant, module), this.executor);
	}

	/**
	 * See {@link TenantMigrations#downgrade(MigrationRequest, DowngradeTarget)}.
	 * @param request what to cover
	 * @param target how far
	 * @return the report
	 */
	public CompletableFuture<MigrationReport> downgrade(MigrationRequest request, DowngradeTarget target) {
		return CompletableFuture.supplyAsync(() -> this.migrations.downgrade(request, target), this.executor);
	}

	/**
	 * See {@link TenantMigrations#stamp(MigrationRequest)}.
	 * @param request what to cover
	 * @return the report
	 */
	public CompletableFuture<MigrationReport> stamp(MigrationRequest request) {
		return CompletableFuture.supplyAsync(() -> this.migrations.stamp(request), this.executor);
	}

	/**
	 * See {@link TenantMigrations#sql(MigrationRequest)}.
	 * @param request what to cover
	 * @return the planned SQL
	 */
	public CompletableFuture<List<PlannedSql>> sql(MigrationRequest request) {
		return CompletableFuture.supplyAsync(() -> this.migrations.sql(request), this.executor);
	}

	/**
	 * See {@link TenantMigrations#create(NewMigration)}.
	 * @param request what to write
	 * @return the file written
	 */
	public CompletableFuture<Path> create(NewMigration request) {
		return CompletableFuture.supplyAsync(() -> this.migrations.create(request), this.executor);
	}

}
