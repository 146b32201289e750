/**
 * Schema per tenant: each tenant's tables live in a PostgreSQL schema of its own, reached
 * through one shared connection pool.
 * <ul>
 * <li>{@link io.dotmac.database.schema.SchemaNaming} maps tenant ids to schema names,
 * injectively and always quoted.</li>
 * <li>{@link io.dotmac.database.schema.SchemaDataSource} wraps the application's
 * {@link javax.sql.DataSource} and sets {@code search_path} to the tenant's schema for
 * each transaction (or, in session mode, per checkout); tenant-less work sees only the
 * shared schemas.</li>
 * <li>{@link io.dotmac.database.schema.TenantSchemaConnectionProvider} and
 * {@link io.dotmac.database.schema.TenantContextIdentifierResolver} plug the same routing
 * into Hibernate's multi-tenancy SPI.</li>
 * <li>{@link io.dotmac.database.schema.TenantProvisioner} creates, suspends, resumes,
 * deletes and lists tenants: registry row, schema, migrations, with steps that are safe to
 * retry.</li>
 * </ul>
 * Everything here works without Spring Boot; the auto-configurations only wire it.
 */
@NullMarked
package io.dotmac.database.schema;

import org.jspecify.annotations.NullMarked;
