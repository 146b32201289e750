/**
 * Micrometer meters for tenant-aware migrations: a
 * {@link io.dotmac.database.migration.MigrationListener} that times runs, units, changesets
 * and lock waits without tagging tenants. Needs Micrometer on the class path.
 */
@NullMarked
package io.dotmac.database.migration.metrics;

import org.jspecify.annotations.NullMarked;
