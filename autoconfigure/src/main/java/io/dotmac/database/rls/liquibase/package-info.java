/**
 * The Liquibase change type {@code enableTenantRls}, which puts a table under tenant
 * isolation from a changelog with the same SQL as
 * {@link io.dotmac.database.rls.RlsPolicyManager}. Registered through
 * {@code META-INF/services/liquibase.change.Change}; Liquibase is an optional dependency.
 */
@NullMarked
package io.dotmac.database.rls.liquibase;

import org.jspecify.annotations.NullMarked;
