package io.dotmac.database.lock;

import java.time.Duration;
import java.util.Objects;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Lock meters in Micrometer, all tagged with {@code provider}:
 * <ul>
 * <li>{@code dotmac.lock.acquire} (timer, tag {@code outcome} = {@code acquired} or
 * {@code timeout}): how long attempts took, waiting included;</li>
 * <li>{@code dotmac.lock.contended} (counter): attempts that found the lock held by another;</li>
 * <li>{@code dotmac.lock.failures} (counter, tag {@code operation} = {@code acquire},
 * {@code release}, {@code renew}): backend failures; a failed acquire never yields a lock;</li>
 * <li>{@code dotmac.lock.held.duration} (timer): how long locks were held;</li>
 * <li>{@code dotmac.lock.held} (gauge): locks this process holds now.</li>
 * </ul>
 * Lock names are not tags: tenant-scoped names are unbounded.
 */
public class MicrometerLockListener implements LockListener {

	private final MeterRegistry registry;

	/**
	 * Create a listener that records in the registry.
	 * @param registry the registry
	 */
	public MicrometerLockListener(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
	}

	/**
	 * Records a provider's attempts and releases in the registry, and its held locks as a gauge.
	 * @param registry the registry
	 * @param locks the provider
	 */
	public static void bind(MeterRegistry registry, AbstractDistributedLocks locks) {
		locks.setListener(new MicrometerLockListener(registry));
		Gauge.builder("dotmac.lock.held", locks, (l) -> l.heldLocks().size())
			.description("Distributed locks this process holds")
			.tag("provider", locks.provider())
			.register(registry);
	}

	@Override
	public void acquired(String provider, Duration waited, boolean contended) {
		acquireTimer(provider, "acquired").record(waited);
		if (contended) {
			contended(provider);
		}
	}

	@Override
	public void notAcquired(String provider, Duration waited) {
		acquireTimer(provider, "timeout").record(waited);
		contended(provider);
	}

	@Override
	public void failed(String provider, String operation, Throwable failure) {
		Counter.builder("dotmac.lock.failures")
			.description("Lock backend failures")
			.tag("provider", provider)
			.tag("operation", operation)
			.register(this.registry)
			.increment();
	}

	@Override
	public void released(String provider, Duration held) {
		Timer.builder("dotmac.lock.held.duration")
			.description("How long distributed locks were held")
			.tag("provider", provider)
			.register(this.registry)
			.record(held);
	}

	private Timer acquireTimer(String provider, String outcome) {
		return Timer.builder("dotmac.lock.acquire")
			.description("Time to acquire a distributed lock, waiting included")
			.tag("provider", provider)
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private void contended(String provider) {
		Counter.builder("dotmac.lock.contended")
			.description("Lock attempts that found the lock held by another")
			.tag("provider", provider)
			.register(this.registry)
			.increment();
	}

}
