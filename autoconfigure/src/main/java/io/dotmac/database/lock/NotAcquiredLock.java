package io.dotmac.database.lock;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The answer to an attempt that did not get the lock.
 */
final class NotAcquiredLock implements DistributedLock {

	private final String name;

	NotAcquiredLock(String name) {
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public boolean acquired() {
		return false;
	}

	@Override
	public OptionalLong fencingToken() {
		return OptionalLong.empty();
	}

	@Override
	public boolean isHeld() {
		return false;
	}

	@Override
	public boolean extend(Duration lease) {
		return false;
	}

	@Override
	public void close() {
	}

	@Override
	public String toString() {
		return "lock '" + this.name + "' (not acquired)";
	}

}
