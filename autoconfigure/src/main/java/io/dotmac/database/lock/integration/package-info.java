/**
 * Spring Integration's {@code LockRegistry} on top of {@link io.dotmac.database.lock.DistributedLocks},
 * for code written against Spring Integration's locks.
 */
@NullMarked
package io.dotmac.database.lock.integration;

import org.jspecify.annotations.NullMarked;
