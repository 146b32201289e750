/**
 * Dev services: when an application configures no PostgreSQL or Redis server, these
 * auto-configurations start embedded ones and hand their connection details to Spring Boot.
 */
@NullMarked
package io.dotmac.database.embedded.autoconfigure;

import org.jspecify.annotations.NullMarked;
