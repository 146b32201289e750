/**
 * Who the current work is for: the validated {@link io.dotmac.database.tenant.TenantId}, the
 * thread-bound {@link io.dotmac.database.tenant.TenantContext} with its explicit system scope,
 * and the tenant exceptions; the web edge ({@link io.dotmac.database.tenant.TenantResolver}s,
 * {@link io.dotmac.database.tenant.TenantFilter} with problem-detail refusals); the
 * {@link io.dotmac.database.tenant.TenantRegistry} with its JDBC implementation, cache and
 * schema; and the propagation of the binding to other threads
 * ({@link io.dotmac.database.tenant.TenantContextTaskDecorator},
 * {@link io.dotmac.database.tenant.TenantContextThreadLocalAccessor}).
 * <p>
 * Everything here works without Spring Boot: construct the pieces by hand and register the
 * filter like any servlet filter. The servlet, Spring Security, Liquibase and
 * context-propagation types are only needed by the classes that use them.
 */
@NullMarked
package io.dotmac.database.tenant;

import org.jspecify.annotations.NullMarked;
