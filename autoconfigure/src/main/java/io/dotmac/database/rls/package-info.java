/**
 * Tenant isolation enforced by PostgreSQL Row-Level Security: the connection hook that
 * carries the current tenant to the database, the policy helpers, and the
 * {@link io.dotmac.database.rls.IsolationAuditor isolation audit}, which checks that the
 * database really enforces the isolation for the application's role.
 * <p>
 * Everything here works without Spring Boot.
 */
@NullMarked
package io.dotmac.database.rls;

import org.jspecify.annotations.NullMarked;
