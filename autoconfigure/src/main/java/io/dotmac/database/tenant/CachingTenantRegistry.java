package io.dotmac.database.tenant;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TenantRegistry} that remembers {@link #find} answers for a short time, so that the
 * request path does not cost a database round trip per request.
 * <p>
 * Both answers are remembered: a registered tenant (active or suspended) for {@code ttl}, and
 * "not registered" for {@code negativeTtl}, so that requests for a tenant that does not exist
 * do not reach the database every time either. Each kind holds at most {@code maxSize}
 * entries: when the found tenants are full an arbitrary one makes room; when the unknown ids
 * are full, further unknown ids are simply not remembered, so that a flood of made-up ids can
 * neither grow the cache nor push real tenants out.
 * <p>
 * Changes made through this registry ({@link #register}, {@link #suspend}, {@link #resume})
 * update the cache of this JVM at once. Changes made elsewhere (another instance, SQL) are
 * seen after at most the TTL: a suspended tenant may still be served for up to {@code ttl} on
 * other instances, and a newly registered one may be refused for up to {@code negativeTtl}.
 * {@link #invalidate} and {@link #invalidateAll} drop entries by hand. {@link #findAll} is not
 * cached.
 */
public class CachingTenantRegistry implements TenantRegistry {

	/** Default time a registered tenant is remembered. */
	public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

	/** Default time an unknown tenant id is remembered. */
	public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(5);

	/** Default maximum number of entries of each kind. */
	public static final int DEFAULT_MAX_SIZE = 10_000;

	private final TenantRegistry delegate;

	private final long ttlNanos;

	private final long negativeTtlNanos;

	private final int maxSize;

	private final LongSupplier nanoClock;

	private final Map<TenantId, Found> found = new ConcurrentHashMap<>();

	private final Map<TenantId, Long> missing = new ConcurrentHashMap<>();

	// Bumped by every change; a lookup that raced with a change does not store its stale answer.
	private final AtomicLong changes = new AtomicLong();

	/**
	 * Create a cache with the default TTLs and size.
	 * @param delegate the registry that knows the truth
	 */
	public CachingTenantRegistry(TenantRegistry delegate) {
		this(delegate, DEFAULT_TTL, DEFAULT_NEGATIVE_TTL, DEFAULT_MAX_SIZE);
	}

	/**
	 * Create a cache.
	 * @param delegate the registry that knows the truth
	 * @param ttl how long a registered tenant is remembered; zero to not remember
	 * @param negativeTtl how long an unknown id is remembered; zero to not remember
	 * @param maxSize the maximum number of entries of each kind
	 */
	public CachingTenantRegistry(TenantRegistry delegate, Duration ttl, Duration negativeTtl, int maxSize) {
		this(delegate, ttl, negativeTtl, maxSize, System::nanoTime);
	}

	CachingTenantRegistry(TenantRegistry delegate, Duration ttl, Duration negativeTtl, int maxSize,
			LongSupplier nanoClock) {
		this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
		this.ttlNanos = nonNegative(ttl, "ttl").toNanos();
		this.negativeTtlNanos = nonNegative(negativeTtl, "negativeTtl").toNanos();
		if (maxSize < 1) {
			throw new IllegalArgumentException("maxSize must be at least 1");
		}
		this.maxSize = maxSize;
		this.nanoClock = nanoClock;
	}

	private static Duration nonNegative(Duration duration, String name) {
		Objects.requireNonNull(duration, name + " must not be null");
		if (duration.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative");
		}
		return duration;
	}

	/**
	 * Return the registry this cache asks.
	 * @return the delegate
	 */
	public TenantRegistry getDelegate() {
		return this.delegate;
	}

	@Override
	public Optional<Tenant> find(TenantId id) {
		Objects.requireNonNull(id, "id must not be null");
		long now = this.nanoClock.getAsLong();
		Found hit = this.found.get(id);
		if (hit != null && now - hit.expiresAt < 0) {
			return Optional.of(hit.tenant);
		}
		Long missingUntil = this.missing.get(id);
		if (missingUntil != null && now - missingUntil < 0) {
			return Optional.empty();
		}
		long version = this.changes.get();
		Optional<Tenant> answer = this.delegate.find(id);
		if (this.changes.get() == version) {
			remember(id, answer.orElse(null), now);
			// A change may have landed between the check and the write; then what was just
			// written may be stale (a suspended tenant cached as active). Drop it: at worst
			// that costs one more lookup.
			if (this.changes.get() != version) {
				this.found.remove(id);
				this.missing.remove(id);
			}
		}
		return answer;
	}

	@Override
	public List<Tenant> findAll() {
		return this.delegate.findAll();
	}

	@Override
	public Tenant register(TenantId id, String name) {
		return changed(id, () -> this.delegate.register(id, name));
	}

	@Override
	public Tenant register(TenantId id, String name, TenantStatus status) {
		return changed(id, () -> this.delegate.register(id, name, status));
	}

	@Override
	public Tenant transition(TenantId id, TenantStatus from, TenantStatus to) {
		return changed(id, () -> this.delegate.transition(id, from, to));
	}

	@Override
	public boolean remove(TenantId id, TenantStatus expected) {
		invalidate(id);
		try {
			return this.delegate.remove(id, expected);
		}
		finally {
			invalidate(id);
		}
	}

	@Override
	public Tenant suspend(TenantId id) {
		return changed(id, () -> this.delegate.suspend(id));
	}

	@Override
	public Tenant resume(TenantId id) {
		return changed(id, () -> this.delegate.resume(id));
	}

	/**
	 * Forget what is known about one tenant, for example after changing it behind this
	 * registry's back.
	 * @param id the tenant
	 */
	public void invalidate(TenantId id) {
		this.changes.incrementAndGet();
		this.found.remove(id);
		this.missing.remove(id);
	}

	/** Forget everything. */
	public void invalidateAll() {
		this.changes.incrementAndGet();
		this.found.clear();
		this.missing.clear();
	}

	private Tenant changed(TenantId id, Supplier<Tenant> change) {
		// Forget before and after: a failed change must not leave a stale answer either.
		invalidate(id);
		try {
			Tenant tenant = change.get();
			this.changes.incrementAndGet();
			this.missing.remove(id);
			remember(id, tenant, this.nanoClock.getAsLong());
			return tenant;
		}
		catch (RuntimeException ex) {
			invalidate(id);
			throw ex;
		}
	}

	private void remember(TenantId id, @Nullable Tenant tenant, long now) {
		if (tenant != null) {
			if (this.ttlNanos == 0) {
				return;
			}
			if (!this.found.containsKey(id) && this.found.size() >= this.maxSize) {
				this.found.values().removeIf((entry) -> now - entry.expiresAt >= 0);
				evictOne();
			}
			this.missing.remove(id);
			this.found.put(id, new Found(tenant, now + this.ttlNanos));
		}
		else {
			if (this.negativeTtlNanos == 0) {
				return;
			}
			if (!this.missing.containsKey(id) && this.missing.size() >= this.maxSize) {
				this.missing.values().removeIf((expiresAt) -> now - expiresAt >= 0);
				if (this.missing.size() >= this.maxSize) {
					return;
				}
			}
			this.found.remove(id);
			this.missing.put(id, now + this.negativeTtlNanos);
		}
	}

	private void evictOne() {
		Iterator<TenantId> ids = this.found.keySet().iterator();
		while (this.found.size() >= this.maxSize && ids.hasNext()) {
			ids.next();
			ids.remove();
		}
	}

	/**
	 * Return how many entries are cached, for tests and diagnostics.
	 * @return the number of found tenants plus the number of unknown ids remembered
	 */
	int size() {
		return this.found.size() + this.missing.size();
	}

	@Override
	public String toString() {
		return "CachingTenantRegistry over " + this.delegate;
	}

	private record Found(Tenant tenant, long expiresAt) {
	}

}
