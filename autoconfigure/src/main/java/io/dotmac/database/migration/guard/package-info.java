/**
 * Guards for tenant-aware migrations (seed 001): Liquibase change types and a precondition
 * that check, inside a changelog, that a table is a proper tenant table
 * ({@code ensureTenantColumn}, {@code ensureTenantIndexes}, {@code validateTenantIsolation},
 * {@code tenantIsolated}); a {@link io.dotmac.database.migration.guard.TenantGuardValidator}
 * that checks every tenant table of a schema with one catalog query, run after each unit by
 * the {@link io.dotmac.database.migration.guard.TenantGuardHook}; per-tenant data migrations
 * with the tenant setting bound ({@code tenantDataMigration},
 * {@link io.dotmac.database.migration.guard.TenantDataMigrationTask}); and the environment
 * policy built from properties
 * ({@link io.dotmac.database.migration.guard.EnvironmentMigrationPolicy}).
 * <p>
 * Every check is one SQL text, built by {@code TenantGuardQuery}: the validator and the
 * precondition run it over JDBC, the change types embed it in a {@code DO} block, so a guard
 * also holds in SQL written by {@code update-sql} and run by hand.
 */
@NullMarked
package io.dotmac.database.migration.guard;

import org.jspecify.annotations.NullMarked;
