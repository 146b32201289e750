/**
 * Tenant isolation enforced by PostgreSQL Row-Level Security.
 * <ul>
 * <li>{@link io.dotmac.database.rls.RlsDataSource} wraps the application's
 * {@link javax.sql.DataSource}. Every statement that runs through it runs with the
 * {@link io.dotmac.database.tenant.TenantContext tenant context} of its thread in the
 * PostgreSQL setting that the policies read (by default {@code app.current_tenant_id}),
 * whether it comes from JPA, Spring Data, a {@code JdbcTemplate} or plain JDBC.</li>
 * <li>{@link io.dotmac.database.rls.RlsPolicyManager} enables and forces Row-Level
 * Security on a table, creates its tenant policy and system-scope policy and its
 * tenant-leading indexes; {@link io.dotmac.database.rls.RlsPolicyStatements} is the same
 * work as SQL, which the Liquibase change type in {@code rls.liquibase} runs.</li>
 * <li>{@link io.dotmac.database.rls.IsolationAuditor} checks in the catalogs that the
 * database really enforces the isolation for the application's role.</li>
 * </ul>
 * Everything here works without Spring Boot; the auto-configurations only wire it.
 */
@NullMarked
package io.dotmac.database.rls;

import org.jspecify.annotations.NullMarked;
