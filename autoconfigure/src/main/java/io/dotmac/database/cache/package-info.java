/**
 * The tenant-aware Redis cache: {@link io.dotmac.database.cache.SmartCache} for code that
 * caches by hand, {@link io.dotmac.database.cache.TenantRedisCacheManager} for Spring's
 * {@code @Cacheable}, both on one {@link io.dotmac.database.cache.TenantCacheStore}.
 * <p>
 * Every key is scoped to the tenant bound to the calling thread, so a value cached for one
 * tenant is never served to another. A tenant's whole cache is dropped in O(1) by bumping
 * its generation; patterns are invalidated with SCAN and UNLINK in batches. Values are
 * serialized (Jackson 3 by default) and compressed with zstd above a size threshold. When
 * Redis is down or slow a circuit breaker opens: reads fall through to the loader, writes
 * are skipped, and the cache recovers by itself. An optional Caffeine near cache answers
 * hot keys in memory and is kept coherent across instances by Redis pub/sub.
 * <p>
 * Works without Spring Boot: build a {@link io.dotmac.database.cache.TenantCacheStore}
 * from a {@code RedisConnectionFactory} and {@link io.dotmac.database.cache.TenantCacheSettings}.
 */
@NullMarked
package io.dotmac.database.cache;

import org.jspecify.annotations.NullMarked;
