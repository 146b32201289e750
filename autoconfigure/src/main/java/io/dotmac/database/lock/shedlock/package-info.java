/**
 * ShedLock's {@code LockProvider} on top of {@link io.dotmac.database.lock.DistributedLocks},
 * so that {@code @SchedulerLock} tasks run on the application's distributed locks.
 */
@NullMarked
package io.dotmac.database.lock.shedlock;

import org.jspecify.annotations.NullMarked;
