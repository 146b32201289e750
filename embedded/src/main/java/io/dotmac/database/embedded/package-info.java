/**
 * Real PostgreSQL and Redis servers for development and tests: {@link EmbeddedPostgresServer} and
 * {@link EmbeddedRedisServer} start the binaries that ship in Maven Central on free ports, and an
 * orphan watchdog removes them even when the JVM is killed.
 */
@NullMarked
package io.dotmac.database.embedded;

import org.jspecify.annotations.NullMarked;
