/**
 * Spring Boot auto-configuration for dotmac-database: one {@code @AutoConfiguration} class
 * and one {@code @ConfigurationProperties} type (prefix {@code dotmac.database}) per
 * feature, and nothing else. The building blocks live in the library packages, which never
 * import this one.
 */
@NullMarked
package io.dotmac.database.autoconfigure;

import org.jspecify.annotations.NullMarked;
