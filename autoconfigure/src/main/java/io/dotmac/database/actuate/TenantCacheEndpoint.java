package io.dotmac.database.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import io.dotmac.database.cache.CacheStatistics;
import io.dotmac.database.cache.CacheStatisticsSnapshot;
import io.dotmac.database.cache.RedisCircuitBreaker;
import io.dotmac.database.cache.TenantCacheStore;

/**
 * The {@code tenantcaches} actuator endpoint: statistics of the tenant-aware cache per
 * cache name, totals per tenant (bounded: see {@link CacheStatistics}), and the state of
 * the circuit breaker in front of Redis. {@code /actuator/tenantcaches/{cache}} gives one
 * cache.
 */
@Endpoint(id = "tenantcaches")
public class TenantCacheEndpoint {

	private final TenantCacheStore store;

	/**
	 * Create the endpoint.
	 * @param store the store to report on
	 */
	public TenantCacheEndpoint(TenantCacheStore store) {
		this.store = Objects.requireNonNull(store, "store");
	}

	/**
	 * Report on every cache.
	 * @return the report
	 */
	@ReadOperation
	public CachesReport caches() {
		CacheStatistics statistics = this.store.statistics();
		Map<String, CacheReport> caches = new LinkedHashMap<>();
		statistics.caches().forEach((name, snapshot) -> caches.put(name, CacheReport.of(snapshot)));
		Map<String, TenantReport> tenants = new LinkedHashMap<>();
		statistics.tenants()
			.forEach((tenant, totals) -> tenants.put(tenant,
					new TenantReport(totals.hits(), totals.misses(), totals.hitRate(), totals.puts())));
		RedisCircuitBreaker breaker = this.store.circuitBreaker();
		return new CachesReport(new CircuitReport(breaker.state(), breaker.openCount(), breaker.lastOpenedAt()),
				this.store.nearCacheSize(), this.store.pendingRepairs(), this.store.compressorName(),
				CacheReport.of(statistics.total()), caches, tenants);
	}

	/**
	 * Report on one cache.
	 * @param cache the cache name
	 * @return its statistics
	 */
	@ReadOperation
	public CacheReport cache(@Selector String cache) {
		return CacheReport.of(this.store.statistics().cacheSnapshot(cache));
	}

	/**
	 * The whole report.
	 *
	 * @param circuit the circuit breaker
	 * @param nearCacheSize entries in this instance's near cache, -1 without one
	 * @param pendingRepairs tenants whose invalidations wait for Redis
	 * @param compression the compression codec, or null
	 * @param total sums over every cache
	 * @param caches per cache name
	 * @param tenants per tenant (bounded)
	 */
	public record CachesReport(CircuitReport circuit, long nearCacheSize, int pendingRepairs,
			@Nullable String compression, CacheReport total, Map<String, CacheReport> caches,
			Map<String, TenantReport> tenants) {
	}

	/**
	 * The circuit breaker.
	 *
	 * @param state its state
	 * @param opens how often it has opened
	 * @param lastOpenedAt when it last opened, or null
	 */
	public record CircuitReport(RedisCircuitBreaker.State state, long opens, @Nullable Instant lastOpenedAt) {
	}

	/**
	 * Totals of one tenant.
	 *
	 * @param hits reads answered
	 * @param misses reads not answered
	 * @param hitRate hits / reads
	 * @param puts values written
	 */
	public record TenantReport(long hits, long misses, double hitRate, long puts) {
	}

	/**
	 * Statistics of one cache.
	 *
	 * @param hits reads answered
	 * @param nearHits reads answered from memory
	 * @param misses reads not answered
	 * @param hitRate hits / reads
	 * @param loads values loaded after a miss
	 * @param loadFailures loaders that threw
	 * @param puts values written
	 * @param evictions entries removed
	 * @param errors failed Redis calls
	 * @param skipped Redis calls skipped while the circuit was open
	 * @param bytesBeforeCompression serialized bytes written
	 * @param bytesAfterCompression bytes stored
	 * @param compressedValues values stored compressed
	 */
	public record CacheReport(long hits, long nearHits, long misses, double hitRate, long loads, long loadFailures,
			long puts, long evictions, long errors, long skipped, long bytesBeforeCompression,
			long bytesAfterCompression, long compressedValues) {

		static CacheReport of(CacheStatisticsSnapshot s) {
			return new CacheReport(s.hits(), s.nearHits(), s.misses(), s.hitRate(), s.loads(), s.loadFailures(),
					s.puts(), s.evictions(), s.errors(), s.skipped(), s.bytesBeforeCompression(),
					s.bytesAfterCompression(), s.compressedValues());
		}

	}

}
