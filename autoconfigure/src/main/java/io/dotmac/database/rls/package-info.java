/**
 * Row-Level Security: the connection hook that carries the current tenant to PostgreSQL,
 * and the helpers that put tables under tenant policies.
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
 * </ul>
 * Everything here works without Spring Boot; {@code RlsAutoConfiguration} only wires it.
 */
@NullMarked
package io.dotmac.database.rls;

import org.jspecify.annotations.NullMarked;
