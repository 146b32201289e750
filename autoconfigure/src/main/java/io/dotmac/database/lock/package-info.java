/**
 * Distributed locks: one API, {@link io.dotmac.database.lock.DistributedLocks}, with a Redis
 * provider ({@link io.dotmac.database.lock.RedisDistributedLocks}) and a PostgreSQL advisory-lock
 * provider ({@link io.dotmac.database.lock.PostgresAdvisoryLocks}).
 * <pre>{@code
 * try (DistributedLock lock = locks.tryLock("nightly-report", Duration.ofSeconds(5))) {
 *     if (lock.acquired()) {
 *         writeReport(lock.fencingToken());
 *     }
 * }
 * }</pre>
 * Lock names are qualified by the {@link io.dotmac.database.tenant.TenantContext tenant} bound
 * when the lock is taken, unless the provider is configured as global; in the system scope, or
 * with no tenant bound, a name is global. A backend that cannot be reached never yields a lock:
 * acquiring fails with a {@link io.dotmac.database.lock.LockUnavailableException}.
 * Everything here works without Spring Boot; the auto-configuration only wires it.
 */
@NullMarked
package io.dotmac.database.lock;

import org.jspecify.annotations.NullMarked;
