/**
 * The {@code db} command line, in the spirit of Alembic and django-tenants'
 * {@code migrate_schemas}, run from the application's own jar:
 * {@code java -jar app.jar db upgrade --all-tenants}. {@link DbCommandLine} parses the
 * arguments and calls {@link io.dotmac.database.migration.TenantMigrations}; it has no Spring
 * dependency and can be run by hand. The Spring Boot glue detects a {@code db} invocation
 * before the context starts ({@link DbCommandLineEnvironmentPostProcessor}: no web server, no
 * startup migrations), runs the command ({@link DbCommandLineRunner}) and turns its outcome
 * into the process's exit status: 0 success, 1 failure, 2 usage error.
 */
@NullMarked
package io.dotmac.database.migration.cli;

import org.jspecify.annotations.NullMarked;
