package io.dotmac.database.cache;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A small circuit breaker in front of Redis: CLOSED lets every call through; after
 * {@code failureThreshold} consecutive failures (errors, or calls slower than the slow-call
 * threshold) it goes OPEN and lets none through; after {@code openDuration} it goes
 * HALF_OPEN and lets exactly one trial call through, whose outcome closes or reopens it.
 * <p>
 * Callers ask {@link #tryAcquire()} before a call and report {@link #onSuccess(long)} or
 * {@link #onFailure()} after it. Listeners hear every state change (on the thread that
 * caused it). Thread-safe, lock-free on the closed path.
 */
public final class RedisCircuitBreaker {

	private static final Log logger = LogFactory.getLog(RedisCircuitBreaker.class);

	/** The state of a circuit breaker. */
	public enum State {

		/** Calls go through. */
		CLOSED,

		/** Calls are refused until the open duration has passed. */
		OPEN,

		/** One trial call is under way or allowed; the rest are refused. */
		HALF_OPEN

	}

	/** Hears state changes. */
	@FunctionalInterface
	public interface Listener {

		/**
		 * Called after the state changed.
		 * @param from the previous state
		 * @param to the new state
		 */
		void onStateChange(State from, State to);

	}

	private final TenantCacheSettings.CircuitBreakerSettings settings;

	private final LongSupplier nanoClock;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicBoolean trialUnderWay = new AtomicBoolean();

	private volatile State state = State.CLOSED;

	private volatile long openedAtNanos;

	private volatile long openedAtMillis;

	private volatile int consecutiveFailures;

	private volatile long opens;

	/**
	 * Create a closed circuit breaker.
	 * @param settings thresholds and durations
	 */
	public RedisCircuitBreaker(TenantCacheSettings.CircuitBreakerSettings settings) {
		this(settings, System::nanoTime);
	}

	RedisCircuitBreaker(TenantCacheSettings.CircuitBreakerSettings settings, LongSupplier nanoClock) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.nanoClock = nanoClock;
	}

	/**
	 * Add a listener for state changes.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
	}

	/**
	 * Ask whether a Redis call may be made now. A {@code true} answer must be followed by
	 * {@link #onSuccess(long)} or {@link #onFailure()}.
	 * @return whether to call Redis
	 */
	public boolean tryAcquire() {
		State current = this.state;
		if (current == State.CLOSED) {
			return true;
		}
		if (current == State.OPEN) {
			if (this.nanoClock.getAsLong() - this.openedAtNanos < this.settings.openDuration().toNanos()) {
				return false;
			}
			synchronized (this) {
				if (this.state == State.OPEN) {
					transition(State.HALF_OPEN);
				}
			}
		}
		// Half-open: exactly one trial at a time.
		return this.trialUnderWay.compareAndSet(false, true);
	}

	/**
	 * Report a call that completed.
	 * @param elapsedNanos how long it took
	 */
	public void onSuccess(long elapsedNanos) {
		if (elapsedNanos > this.settings.slowCallThreshold().toNanos()) {
			onFailure();
			return;
		}
		if (this.state == State.CLOSED) {
			if (this.consecutiveFailures != 0) {
				synchronized (this) {
					this.consecutiveFailures = 0;
				}
			}
			return;
		}
		synchronized (this) {
			this.consecutiveFailures = 0;
			this.trialUnderWay.set(false);
			if (this.state != State.CLOSED) {
				transition(State.CLOSED);
			}
		}
	}

	/**
	 * Report a call that failed (or was too slow).
	 */
	public void onFailure() {
		synchronized (this) {
			if (this.state == State.HALF_OPEN) {
				this.trialUnderWay.set(false);
				open();
				return;
			}
			if (this.state == State.CLOSED && ++this.consecutiveFailures >= this.settings.failureThreshold()) {
				open();
			}
		}
	}

	private void open() {
		this.openedAtNanos = this.nanoClock.getAsLong();
		this.openedAtMillis = System.currentTimeMillis();
		this.consecutiveFailures = 0;
		this.opens++;
		transition(State.OPEN);
	}

	private void transition(State to) {
		State from = this.state;
		this.state = to;
		if (to == State.OPEN && from == State.CLOSED) {
			logger.warn("Redis cache circuit opened: Redis calls are skipped for "
					+ this.settings.openDuration().toMillis() + " ms; reads fall through to their loaders");
		}
		else if (to == State.CLOSED) {
			logger.info("Redis cache circuit closed: Redis answers again");
		}
		for (Listener listener : this.listeners) {
			try {
				listener.onStateChange(from, to);
			}
			catch (RuntimeException ex) {
				logger.warn("A circuit breaker listener failed", ex);
			}
		}
	}

	/**
	 * Return the current state.
	 * @return the state
	 */
	public State state() {
		return this.state;
	}

	/**
	 * Return when the circuit last opened.
	 * @return the instant, or {@code null} if it never did
	 */
	public @Nullable Instant lastOpenedAt() {
		long millis = this.openedAtMillis;
		return (millis != 0) ? Instant.ofEpochMilli(millis) : null;
	}

	/**
	 * Return how often the circuit has opened.
	 * @return the count
	 */
	public long openCount() {
		return this.opens;
	}

}
