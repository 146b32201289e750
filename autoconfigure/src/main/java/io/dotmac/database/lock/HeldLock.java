package io.dotmac.database.lock;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A lock that a handle of this process holds, as the actuator endpoint shows it.
 *
 * @param provider the backend ({@code redis}, {@code postgresql})
 * @param name the lock's name as the caller gave it
 * @param tenant the tenant the name is qualified by, or {@code null} for a global lock
 * @param acquiredAt when it was acquired
 * @param fencingToken the fencing token, or {@code null} if the provider has none
 * @param holder the name of the thread that acquired it
 */
public record HeldLock(String provider, String name, @Nullable String tenant, Instant acquiredAt,
		@Nullable Long fencingToken, String holder) {

}
