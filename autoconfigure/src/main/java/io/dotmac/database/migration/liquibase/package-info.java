/**
 * Liquibase-backed operations on one {@link io.dotmac.database.migration.MigrationUnit} (one
 * module part in one schema), through Liquibase's public command API: downgrade by count or to
 * a tag ({@link LiquibaseUnitDowngrader}), update ({@link LiquibaseUnitUpdater}), and Liquibase's
 * own view of a unit's status and history ({@link LiquibaseUnitView}) for cross-checks.
 * <p>
 * Every operation runs in one transaction under a PostgreSQL advisory lock per (schema,
 * module) ({@link UnitLocks}); Liquibase's {@code DATABASECHANGELOGLOCK} table is neither used
 * nor created: {@link AdvisoryLockService} stands in for Liquibase's lock service, but only
 * inside the Liquibase scope these classes open, so an application's own Liquibase runs are
 * untouched.
 * <p>
 * Liquibase commits after each changeset and rolls back after checking a changeset's
 * preconditions; inside a unit those become savepoints of the unit's transaction
 * ({@code UnitConnection}), so the unit still commits or rolls back as a whole. One visible
 * consequence: Liquibase stamps {@code DATEEXECUTED} with PostgreSQL's {@code now()}, the
 * transaction's start, so all changesets applied in one unit share it; their order is in
 * {@code ORDEREXECUTED}, which Liquibase sorts by second, as does this package.
 * <p>
 * <strong>Liquibase's JVM-wide caches.</strong> Liquibase 5.0.3 keeps three caches in
 * process-wide singletons, and this package is written around each of them:
 * <ul>
 * <li>{@code ChangeLogHistoryServiceFactory} and {@code LockServiceFactory} cache a service per
 * {@code Database}, and a {@code Database} equals another when their JDBC connections are the
 * same object: two schemas migrated one after the other on the same pooled connection would
 * share the first schema's history service (its default schema, history table and cached
 * rows). Each operation here therefore hands Liquibase a connection wrapper of its own, equal
 * only to itself, so its cache entries can never be found by another operation or by the
 * application's Liquibase. Liquibase's commands also clear both factories (for every thread)
 * when they end; that costs a concurrent operation a re-read of its history table, never a
 * wrong answer, and cannot leave a lock behind because our lock belongs to the transaction, not
 * to a lock service object.</li>
 * <li>{@code FastCheckService} remembers "up to date" per contexts, labels, default schema,
 * catalog, JDBC URL and changelog path, for the life of the JVM. Concurrent operations on
 * different schemas have different keys (the default schema is always set to the unit's
 * schema), so they do not interfere; but after a downgrade the remembered "up to date" would
 * make a later Liquibase update of that schema in the same JVM skip its work, so
 * {@link LiquibaseUnitDowngrader} clears the cache after every downgrade. The key does not
 * hold the history table: two modules that share a changelog path in one schema would share an
 * entry (module changelogs have different paths, so this does not arise in practice).</li>
 * </ul>
 */
@NullMarked
package io.dotmac.database.migration.liquibase;

import org.jspecify.annotations.NullMarked;
