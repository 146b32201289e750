package io.dotmac.database.cache;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics of a {@link TenantCacheStore}: counters per cache name, and hit and miss
 * totals per tenant for at most {@code maxTrackedTenants} tenants (the first ones seen);
 * every other tenant is counted under {@value #OTHER_TENANTS}, so the number of series stays
 * bounded however many tenants there are.
 */
public final class CacheStatistics {

	/** Name under which tenants past the tracked limit are counted. */
	public static final String OTHER_TENANTS = "_other";

	private final Map<String, Counters> caches = new ConcurrentHashMap<>();

	private final Map<String, TenantCounters> tenants = new ConcurrentHashMap<>();

	private final int maxTrackedTenants;

	CacheStatistics(int maxTrackedTenants) {
		this.maxTrackedTenants = maxTrackedTenants;
	}

	Counters cache(String name) {
		Counters counters = this.caches.get(name);
		return (counters != null) ? counters : this.caches.computeIfAbsent(name, (n) -> new Counters());
	}

	TenantCounters tenant(String namespace) {
		TenantCounters counters = this.tenants.get(namespace);
		if (counters != null) {
			return counters;
		}
		String key = (this.tenants.size() < this.maxTrackedTenants) ? namespace : OTHER_TENANTS;
		return this.tenants.computeIfAbsent(key, (n) -> new TenantCounters());
	}

	/**
	 * Return a snapshot of every cache's counters, by cache name.
	 * @return the snapshots, sorted by name
	 */
	public Map<String, CacheStatisticsSnapshot> caches() {
		Map<String, CacheStatisticsSnapshot> result = new TreeMap<>();
		this.caches.forEach((name, counters) -> result.put(name, counters.snapshot()));
		return result;
	}

	/**
	 * Return a snapshot of one cache's counters.
	 * @param name the cache name
	 * @return the snapshot (all zeros for a cache never used)
	 */
	public CacheStatisticsSnapshot cacheSnapshot(String name) {
		Counters counters = this.caches.get(name);
		return (counters != null) ? counters.snapshot() : new Counters().snapshot();
	}

	/**
	 * Return the sum over every cache.
	 * @return the totals
	 */
	public CacheStatisticsSnapshot total() {
		Counters sum = new Counters();
		this.caches.values().forEach((c) -> c.addTo(sum));
		return sum.snapshot();
	}

	/**
	 * Return hits and misses per tenant (tracked tenants, then {@value #OTHER_TENANTS}).
	 * @return the totals by tenant id, sorted
	 */
	public Map<String, TenantTotals> tenants() {
		Map<String, TenantTotals> result = new TreeMap<>();
		this.tenants.forEach((name, counters) -> result.put(name,
				new TenantTotals(counters.hits.sum(), counters.misses.sum(), counters.puts.sum())));
		return result;
	}

	/**
	 * Reads and writes of one tenant over every cache.
	 *
	 * @param hits reads answered by the cache
	 * @param misses reads not answered
	 * @param puts values written
	 */
	public record TenantTotals(long hits, long misses, long puts) {

		/**
		 * Return hits divided by reads.
		 * @return the hit rate, 0 before the first read
		 */
		public double hitRate() {
			long reads = this.hits + this.misses;
			return (reads == 0) ? 0.0 : (double) this.hits / reads;
		}

	}

	static final class TenantCounters {

		final LongAdder hits = new LongAdder();

		final LongAdder misses = new LongAdder();

		final LongAdder puts = new LongAdder();

	}

	static final class Counters {

		final LongAdder hits = new LongAdder();

		final LongAdder nearHits = new LongAdder();

		final LongAdder misses = new LongAdder();

		final LongAdder loads = new LongAdder();

		final LongAdder loadFailures = new LongAdder();

		final LongAdder puts = new LongAdder();

		final LongAdder evictions = new LongAdder();

		final LongAdder errors = new LongAdder();

		final LongAdder skipped = new LongAdder();

		final LongAdder bytesBefore = new LongAdder();

		final LongAdder bytesAfter = new LongAdder();

		final LongAdder compressed = new LongAdder();

		CacheStatisticsSnapshot snapshot() {
			return new CacheStatisticsSnapshot(this.hits.sum(), this.nearHits.sum(), this.misses.sum(),
					this.loads.sum(), this.loadFailures.sum(), this.puts.sum(), this.evictions.sum(),
					this.errors.sum(), this.skipped.sum(), this.bytesBefore.sum(), this.bytesAfter.sum(),
					this.compressed.sum());
		}

		void addTo(Counters sum) {
			sum.hits.add(this.hits.sum());
			sum.nearHits.add(this.nearHits.sum());
			sum.misses.add(this.misses.sum());
			sum.loads.add(this.loads.sum());
			sum.loadFailures.add(this.loadFailures.sum());
			sum.puts.add(this.puts.sum());
			sum.evictions.add(this.evictions.sum());
			sum.errors.add(this.errors.sum());
			sum.skipped.add(this.skipped.sum());
			sum.bytesBefore.add(this.bytesBefore.sum());
			sum.bytesAfter.add(this.bytesAfter.sum());
			sum.compressed.add(this.compressed.sum());
		}

	}

}
