/**
 * Spring Boot integration that is neither an auto-configuration nor a configuration
 * properties type: environment post-processors and failure analyzers, registered in
 * {@code META-INF/spring.factories}.
 * <p>
 * They live apart from {@code io.dotmac.database.autoconfigure}, which holds only
 * {@code @AutoConfiguration} classes and {@code @ConfigurationProperties} types, and apart
 * from the library packages, which do not depend on Spring Boot.
 */
@NullMarked
package io.dotmac.database.boot;

import org.jspecify.annotations.NullMarked;
