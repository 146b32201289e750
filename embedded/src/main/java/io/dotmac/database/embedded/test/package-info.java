/**
 * The single entry point for tests that need PostgreSQL or Redis: {@link TestServers} starts one
 * server of each kind per JVM, {@link TestDatabase} and {@link TestRedis} hand each test class an
 * isolated database, and {@link DotmacTestServers} wires both into JUnit and Spring tests.
 * <p>
 * Where the servers come from is decided once per JVM: {@code DOTMAC_TEST_POSTGRES_URL} and
 * {@code DOTMAC_TEST_REDIS_URL} name existing servers; otherwise Testcontainers is used when it is
 * on the class path and a Docker engine answers; otherwise embedded binaries from Maven Central.
 */
@NullMarked
package io.dotmac.database.embedded.test;

import org.jspecify.annotations.NullMarked;
