/**
 * Who the current work is for: the validated {@link io.dotmac.database.tenant.TenantId}, the
 * thread-bound {@link io.dotmac.database.tenant.TenantContext} with its explicit system scope,
 * and the tenant exceptions.
 * <p>
 * Everything here works without Spring Boot; the request filter, resolvers, registry and
 * context propagation build on it.
 */
@NullMarked
package io.dotmac.database.tenant;

import org.jspecify.annotations.NullMarked;
