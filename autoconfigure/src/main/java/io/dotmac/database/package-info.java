/**
 * dotmac-database: multi-tenant PostgreSQL for Spring.
 * <p>
 * This root package holds the exception hierarchy shared by every feature. All of it lives
 * inside Spring's {@link org.springframework.dao.DataAccessException} family, so handlers
 * written for Spring's data access exceptions keep working:
 * <ul>
 * <li>{@link io.dotmac.database.DatabaseException} is the common base;</li>
 * <li>{@link io.dotmac.database.DatabaseTransactionException} reports a failure of
 * transaction handling;</li>
 * <li>{@link io.dotmac.database.DatabaseValidationException} reports input that was
 * rejected before it reached the database, such as a malformed database URL.</li>
 * </ul>
 * Feature packages add their own subtypes (tenant, migration) below these.
 */
@NullMarked
package io.dotmac.database;

import org.jspecify.annotations.NullMarked;
