package io.dotmac.database.embedded.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class real PostgreSQL and Redis databases of its own.
 * <p>
 * In a plain JUnit test, declare {@link TestDatabase} or {@link TestRedis} parameters on the
 * constructor, lifecycle methods or test methods: each test class (together with its
 * {@code @Nested} classes) gets one database of each kind, created on first request and dropped
 * after the class.
 * <p>
 * In a Spring test ({@code @SpringBootTest} and friends), the application context gets a fresh
 * {@link TestDatabase} and {@link TestRedis}: {@code spring.datasource.url}, {@code .username} and
 * {@code .password} point at the database as its owner role, {@code spring.data.redis.host},
 * {@code .port} and {@code .database} at the Redis database, and both are beans that tests may
 * inject. Each annotated test class (with its {@code @Nested} classes) gets a context of its own,
 * which is closed after the class, dropping the database. Parameters resolve to that context's
 * databases.
 *
 * @see TestServers
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DotmacTestServersExtension.class)
public @interface DotmacTestServers {

}
