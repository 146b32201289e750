/**
 * JDBC building blocks that work with or without Spring Boot.
 * <ul>
 * <li>{@link io.dotmac.database.jdbc.DatabaseUrl} turns the URLs that platforms hand out
 * ({@code postgres://user:password@host/db}, {@code jdbc:postgresql://...}) into a JDBC URL
 * plus separate credentials;</li>
 * <li>{@link io.dotmac.database.jdbc.HikariPoolDefaults} holds production defaults for a
 * HikariCP pool and applies them to a {@code HikariConfig} where the user left Hikari's own
 * defaults.</li>
 * </ul>
 * The read/write split needs no class of ours: a Spring
 * {@link org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy} whose
 * {@code readOnlyDataSource} is a replica pool (set up read-only) sends read-only
 * transactions to the replica and everything else to the primary.
 * <p>
 * Nothing here depends on Spring Boot or on the {@code autoconfigure} package.
 */
@NullMarked
package io.dotmac.database.jdbc;

import org.jspecify.annotations.NullMarked;
