package io.dotmac.database.cache;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters for a {@link TenantCacheStore}. Tags are bounded: the cache name (from
 * the application's code or configuration), the operation and its result; never the tenant
 * or the key.
 * <ul>
 * <li>{@code dotmac.cache.gets} (counter; {@code cache}, {@code result}: hit, near_hit,
 * miss, unavailable)</li>
 * <li>{@code dotmac.cache.puts} (counter; {@code cache}, {@code result}: written,
 * skipped)</li>
 * <li>{@code dotmac.cache.evictions} (counter of entries removed; {@code cache}, {@code *}
 * for tenant invalidations)</li>
 * <li>{@code dotmac.cache.latency} (timer; {@code cache}, {@code operation}: get, put,
 * evict)</li>
 * <li>{@code dotmac.cache.circuit.state} (gauge: 0 closed, 1 half-open, 2 open) and
 * {@code dotmac.cache.circuit.opens} (counter)</li>
 * </ul>
 */
public final class TenantCacheMetrics implements MeterBinder, CacheOperationListener {

	private final TenantCacheStore store;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	/**
	 * Create the meters and start listening to the store.
	 * @param store the store
	 */
	public TenantCacheMetrics(TenantCacheStore store) {
		this.store = Objects.requireNonNull(store, "store");
		store.addListener(this);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		Gauge.builder("dotmac.cache.circuit.state", this.store, (s) -> switch (s.circuitBreaker().state()) {
			case CLOSED -> 0;
			case HALF_OPEN -> 1;
			case OPEN -> 2;
		}).description("Circuit breaker in front of Redis: 0 closed, 1 half-open, 2 open").register(registry);
		Gauge.builder("dotmac.cache.circuit.opens", this.store, (s) -> s.circuitBreaker().openCount())
			.description("How often the circuit breaker in front of Redis has opened")
			.register(registry);
		this.meters.clear();
	}

	@Override
	public void onGet(String cache, ReadResult result, long nanos) {
		Meters m = meters(cache);
		switch (result) {
			case HIT -> m.hit.forEach(Counter::increment);
			case NEAR_HIT -> m.nearHit.forEach(Counter::increment);
			case MISS -> m.miss.forEach(Counter::increment);
			case UNAVAILABLE -> m.unavailable.forEach(Counter::increment);
		}
		m.getLatency.forEach((t) -> t.record(nanos, TimeUnit.NANOSECONDS));
	}

	@Override
	public void onPut(String cache, long nanos) {
		Meters m = meters(cache);
		m.written.forEach(Counter::increment);
		m.putLatency.forEach((t) -> t.record(nanos, TimeUnit.NANOSECONDS));
	}

	@Override
	public void onPutSkipped(String cache) {
		meters(cache).skipped.forEach(Counter::increment);
	}

	@Override
	public void onEviction(String cache, long count, long nanos) {
		Meters m = meters(cache);
		m.evictions.forEach((c) -> c.increment(count));
		m.evictLatency.forEach((t) -> t.record(nanos, TimeUnit.NANOSECONDS));
	}

	private Meters meters(String cache) {
		Meters m = this.meters.get(cache);
		return (m != null) ? m : this.meters.computeIfAbsent(cache, (name) -> new Meters(name, this.registries));
	}

	private static final class Meters {

		final List<Counter> hit;

		final List<Counter> nearHit;

		final List<Counter> miss;

		final List<Counter> unavailable;

		final List<Counter> written;

		final List<Counter> skipped;

		final List<Counter> evictions;

		final List<Timer> getLatency;

		final List<Timer> putLatency;

		final List<Timer> evictLatency;

		Meters(String cache, List<MeterRegistry> registries) {
			this.hit = counters(registries, "dotmac.cache.gets", cache, "result", "hit");
			this.nearHit = counters(registries, "dotmac.cache.gets", cache, "result", "near_hit");
			this.miss = counters(registries, "dotmac.cache.gets", cache, "result", "miss");
			this.unavailable = counters(registries, "dotmac.cache.gets", cache, "result", "unavailable");
			this.written = counters(registries, "dotmac.cache.puts", cache, "result", "written");
			this.skipped = counters(registries, "dotmac.cache.puts", cache, "result", "skipped");
			this.evictions = registries.stream()
				.map((r) -> Counter.builder("dotmac.cache.evictions").tag("cache", cache).register(r))
				.toList();
			this.getLatency = timers(registries, cache, "get");
			this.putLatency = timers(registries, cache, "put");
			this.evictLatency = timers(registries, cache, "evict");
		}

		private static List<Counter> counters(List<MeterRegistry> registries, String name, String cache, String tag,
				String value) {
			return registries.stream()
				.map((r) -> Counter.builder(name).tag("cache", cache).tag(tag, value).register(r))
				.toList();
		}

		private static List<Timer> timers(List<MeterRegistry> registries, String cache, String operation) {
			return registries.stream()
				.map((r) -> Timer.builder("dotmac.cache.latency")
					.description("Time of tenant cache operations, Redis round trip included")
					.tag("cache", cache)
					.tag("operation", operation)
					.register(r))
				.toList();
		}

	}

}
