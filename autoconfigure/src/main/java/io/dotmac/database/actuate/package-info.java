/**
 * Actuator endpoints and health indicators for operators. They need Spring Boot's actuator
 * and health modules on the class path, and otherwise only the library packages.
 */
@NullMarked
package io.dotmac.database.actuate;

import org.jspecify.annotations.NullMarked;
