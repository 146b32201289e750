/**
 * Tenant-aware migrations on Liquibase: the programmatic API ({@link TenantMigrations}, with
 * {@link AsyncTenantMigrations} for the {@code CompletableFuture} forms), its requests and
 * reports, the module model ({@link MigrationModule}), the extension points
 * ({@link MigrationHook}, {@link MigrationPolicy}) and the error hierarchy rooted at
 * {@link MigrationException}.
 * <p>
 * Liquibase stays the format and the source of truth: each module's history lives in a
 * Liquibase {@code databasechangelog} table of the target schema that Liquibase's own tools
 * can read. The orchestration (fan-out to tenant schemas, locking, the central state table)
 * is ours. Everything here works without Spring Boot; the auto-configurations only wire it.
 */
@NullMarked
package io.dotmac.database.migration;

import org.jspecify.annotations.NullMarked;
