package io.dotmac.database.lock;

import java.time.Duration;

/**
 * Told about every lock attempt and release, for metrics ({@link MicrometerLockListener}) or
 * logging. Called on the thread that acted; implementations must be fast and must not throw.
 */
public interface LockListener {

	/** A listener that does nothing. */
	LockListener NONE = new LockListener() {
	};

	/**
	 * A lock was acquired.
	 * @param provider the backend
	 * @param waited how long the attempt took
	 * @param contended whether another holder had the lock when the attempt began
	 */
	default void acquired(String provider, Duration waited, boolean contended) {
	}

	/**
	 * A lock was not acquired within the wait: another holder kept it.
	 * @param provider the backend
	 * @param waited how long the attempt took
	 */
	default void notAcquired(String provider, Duration waited) {
	}

	/**
	 * The backend failed.
	 * @param provider the backend
	 * @param operation {@code acquire}, {@code release} or {@code renew}
	 * @param failure what went wrong
	 */
	default void failed(String provider, String operation, Throwable failure) {
	}

	/**
	 * A held lock was released (or its handle closed).
	 * @param provider the backend
	 * @param held how long it was held
	 */
	default void released(String provider, Duration held) {
	}

}
