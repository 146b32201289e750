package io.dotmac.database.cache;

import org.jspecify.annotations.Nullable;

/**
 * A value found in the cache; {@code null} may itself be a cached value (Spring caches that
 * allow null values).
 *
 * @param value the value
 */
public record CachedValue(@Nullable Object value) {
}
