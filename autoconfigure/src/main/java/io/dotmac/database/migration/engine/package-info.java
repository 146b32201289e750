/**
 * The migration engine behind {@link io.dotmac.database.migration.TenantMigrations}: plans each
 * module part once (Liquibase parses, filters and checksums the changelog; changesets that are
 * safe to run as plain SQL are rendered offline, once), then applies it to each schema in one
 * transaction under a per-(schema, module) advisory lock, writing Liquibase's own history rows,
 * and records where every unit stands in the central state table so that a start-up with
 * thousands of up-to-date tenants decides with one query.
 * <p>
 * Entry points: {@link io.dotmac.database.migration.engine.DefaultTenantMigrations} (the API),
 * built from a {@link io.dotmac.database.migration.engine.MigrationEngine}.
 */
@NullMarked
package io.dotmac.database.migration.engine;

import org.jspecify.annotations.NullMarked;
