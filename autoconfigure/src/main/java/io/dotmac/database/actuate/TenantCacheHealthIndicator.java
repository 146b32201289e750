package io.dotmac.database.actuate;

import java.util.Objects;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.dotmac.database.cache.RedisCircuitBreaker;
import io.dotmac.database.cache.TenantCacheStore;

/**
 * Health of the tenant-aware cache: UP while the circuit breaker in front of Redis is
 * closed, DOWN while it is open or half-open (the application keeps serving from its
 * loaders, uncached). Sends no command to Redis; Boot's own Redis indicator does that.
 */
public class TenantCacheHealthIndicator extends AbstractHealthIndicator {

	private final TenantCacheStore store;

	/**
	 * Create the health indicator.
	 * @param store the store to report on
	 */
	public TenantCacheHealthIndicator(TenantCacheStore store) {
		super("Tenant cache health check failed");
		this.store = Objects.requireNonNull(store, "store");
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		RedisCircuitBreaker breaker = this.store.circuitBreaker();
		RedisCircuitBreaker.State state = breaker.state();
		builder.status((state == RedisCircuitBreaker.State.CLOSED) ? Status.UP : Status.DOWN)
			.withDetail("circuit", state)
			.withDetail("opens", breaker.openCount())
			.withDetail("pendingRepairs", this.store.pendingRepairs());
		if (breaker.lastOpenedAt() != null) {
			builder.withDetail("lastOpenedAt", breaker.lastOpenedAt());
		}
		if (state != RedisCircuitBreaker.State.CLOSED) {
			builder.withDetail("effect", "Redis calls are skipped; reads are served by their loaders, uncached");
		}
	}

}
