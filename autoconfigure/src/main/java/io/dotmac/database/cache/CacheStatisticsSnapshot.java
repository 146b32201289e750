package io.dotmac.database.cache;

/**
 * Counters of one cache (or of all caches of one tenant) at one moment.
 *
 * @param hits reads answered by the cache (Redis or the near cache)
 * @param nearHits the part of {@code hits} answered from the in-memory near cache
 * @param misses reads the cache could not answer (including reads skipped while Redis was
 * unavailable)
 * @param loads values computed by a loader after a miss
 * @param loadFailures loaders that threw
 * @param puts values written to Redis
 * @param evictions entries removed by delete, evict, pattern or tenant invalidation (a
 * tenant invalidation counts once)
 * @param errors Redis calls that failed
 * @param skipped Redis calls not made because the circuit was open
 * @param bytesBeforeCompression serialized size of every value written
 * @param bytesAfterCompression size of what was stored for those values
 * @param compressedValues values that were stored compressed
 */
public record CacheStatisticsSnapshot(long hits, long nearHits, long misses, long loads, long loadFailures,
		long puts, long evictions, long errors, long skipped, long bytesBeforeCompression,
		long bytesAfterCompression, long compressedValues) {

	/**
	 * Return hits divided by reads.
	 * @return the hit rate between 0 and 1, or 0 before the first read
	 */
	public double hitRate() {
		long reads = this.hits + this.misses;
		return (reads == 0) ? 0.0 : (double) this.hits / reads;
	}

}
