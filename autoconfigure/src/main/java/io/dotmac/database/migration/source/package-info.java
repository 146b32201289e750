/**
 * Where migrations come from: {@link io.dotmac.database.migration.source.MigrationSources}
 * turns a module location (a Liquibase changelog, or a folder of plain SQL files in pgdbm's
 * layout) into a Liquibase {@code DatabaseChangeLog}, so the engine treats every source alike.
 * SQL files become {@link io.dotmac.database.migration.source.TemplatedSqlChange}s whose
 * checksum is computed over the template, so it is the same in every tenant schema.
 * {@link io.dotmac.database.migration.source.FileMigrationScaffolder} writes new migration
 * files with the next version, optionally filled from the difference between the JPA model
 * and a database ({@link io.dotmac.database.migration.source.HibernateModelDiff}).
 */
@NullMarked
package io.dotmac.database.migration.source;

import org.jspecify.annotations.NullMarked;
