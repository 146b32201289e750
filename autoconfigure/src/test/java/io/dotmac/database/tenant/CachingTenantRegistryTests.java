package io.dotmac.database.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lookup cache's rules, over an in-memory registry that counts lookups, with a clock the
 * test moves (no sleeping). The JDBC registry itself is tested against PostgreSQL.
 */
class CachingTenantRegistryTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId NOBODY = TenantId.of("nobody");

	private final InMemoryRegistry truth = new InMemoryRegistry();

	private final AtomicLong clock = new AtomicLong();

	private final CachingTenantRegistry cache = new CachingTenantRegistry(this.truth, Duration.ofSeconds(10),
			Duration.ofSeconds(5), 100, this.clock::get);

	@Test
	void registeredTenantIsLookedUpOncePerTtl() {
		this.truth.register(ACME, "Acme");
		for (int i = 0; i < 50; i++) {
			assertThat(this.cache.find(ACME)).isPresent();
		}
		assertThat(this.truth.lookups.get()).isEqualTo(1);
		advance(Duration.ofSeconds(10));
		assertThat(this.cache.find(ACME)).isPresent();
		assertThat(this.truth.lookups.get()).isEqualTo(2);
	}

	@Test
	void unknownTenantIsRememberedForTheNegativeTtl() {
		for (int i = 0; i < 50; i++) {
			assertThat(this.cache.find(NOBODY)).isEmpty();
		}
		assertThat(this.truth.lookups.get()).isEqualTo(1);
		this.truth.register(NOBODY, "Registered elsewhere");
		advance(Duration.ofSeconds(4));
		assertThat(this.cache.find(NOBODY)).as("still remembered as unknown").isEmpty();
		advance(Duration.ofSeconds(1));
		assertThat(this.cache.find(NOBODY)).as("seen after the negative TTL").isPresent();
	}

	@Test
	void changesThroughTheCacheAreSeenAtOnce() {
		assertThat(this.cache.find(ACME)).isEmpty();
		this.cache.register(ACME, "Acme");
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::isActive).isEqualTo(true);
		this.cache.suspend(ACME);
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::isActive).isEqualTo(false);
		this.cache.resume(ACME);
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::isActive).isEqualTo(true);
		assertThat(this.truth.lookups.get()).as("only the first lookup reached the registry").isEqualTo(1);
	}

	@Test
	void suspensionElsewhereIsSeenAfterTheTtlOrOnInvalidation() {
		this.truth.register(ACME, "Acme");
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::isActive).isEqualTo(true);
		this.truth.suspend(ACME);
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::isActive).isEqualTo(true);
		this.cache.invalidate(ACME);
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::isActive).isEqualTo(false);
		this.truth.resume(ACME);
		this.cache.invalidateAll();
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::isActive).isEqualTo(true);
	}

	@Test
	void failedChangeLeavesNoStaleEntry() {
		this.truth.register(ACME, "Acme");
		assertThat(this.cache.find(ACME)).isPresent();
		assertThatExceptionOfType(TenantAlreadyExistsException.class).isThrownBy(() -> this.cache.register(ACME, "x"));
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::name).isEqualTo("Acme");
		assertThatExceptionOfType(UnknownTenantException.class).isThrownBy(() -> this.cache.suspend(NOBODY));
	}

	@Test
	void floodOfUnknownIdsIsBoundedAndDoesNotEvictRealTenants() {
		for (int i = 0; i < 50; i++) {
			this.truth.register(TenantId.of("real-" + i), "Real " + i);
			this.cache.find(TenantId.of("real-" + i));
		}
		for (int i = 0; i < 1_000; i++) {
			assertThat(this.cache.find(TenantId.of("made-up-" + i))).isEmpty();
		}
		assertThat(this.cache.size()).isLessThanOrEqualTo(150);
		int before = this.truth.lookups.get();
		for (int i = 0; i < 50; i++) {
			assertThat(this.cache.find(TenantId.of("real-" + i))).isPresent();
		}
		assertThat(this.truth.lookups.get()).as("real tenants still cached").isEqualTo(before);
	}

	@Test
	void manyRealTenantsStayWithinTheBound() {
		for (int i = 0; i < 500; i++) {
			this.truth.register(TenantId.of("t" + i), "T" + i);
			assertThat(this.cache.find(TenantId.of("t" + i))).isPresent();
		}
		assertThat(this.cache.size()).isLessThanOrEqualTo(100);
		advance(Duration.ofSeconds(11));
		this.truth.register(TenantId.of("late"), "Late");
		this.cache.find(TenantId.of("late"));
		assertThat(this.cache.size()).as("expired entries purged when full").isEqualTo(1);
	}

	@Test
	void lookupRacingWithAChangeDoesNotStoreAStaleAnswer() {
		this.truth.register(ACME, "Acme");
		// The registry answers "active", but the tenant is suspended while the answer travels.
		this.truth.duringNextLookup = () -> this.cache.suspend(ACME);
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::isActive).isEqualTo(true);
		assertThat(this.cache.find(ACME)).get().extracting(Tenant::isActive).isEqualTo(false);
	}

	@Test
	void zeroTtlsDisableCaching() {
		CachingTenantRegistry uncached = new CachingTenantRegistry(this.truth, Duration.ZERO, Duration.ZERO, 10,
				this.clock::get);
		this.truth.register(ACME, "Acme");
		uncached.find(ACME);
		uncached.find(ACME);
		uncached.find(NOBODY);
		uncached.find(NOBODY);
		assertThat(this.truth.lookups.get()).isEqualTo(4);
		assertThat(uncached.size()).isZero();
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

	/** The truth, in memory; counts lookups. */
	static final class InMemoryRegistry implements TenantRegistry {

		final Map<TenantId, Tenant> tenants = new ConcurrentHashMap<>();

		final AtomicInteger lookups = new AtomicInteger();

		volatile Runnable duringNextLookup;

		@Override
		public Optional<Tenant> find(TenantId id) {
			this.lookups.incrementAndGet();
			Optional<Tenant> answer = Optional.ofNullable(this.tenants.get(id));
			Runnable during = this.duringNextLookup;
			if (during != null) {
				this.duringNextLookup = null;
				during.run();
			}
			return answer;
		}

		@Override
		public List<Tenant> findAll() {
			return new ArrayList<>(this.tenants.values());
		}

		@Override
		public Tenant register(TenantId id, String name) {
			Instant now = Instant.now();
			Tenant tenant = new Tenant(id, name, TenantStatus.ACTIVE, now, now);
			if (this.tenants.putIfAbsent(id, tenant) != null) {
				throw new TenantAlreadyExistsException(id);
			}
			return tenant;
		}

		@Override
		public Tenant suspend(TenantId id) {
			return set(id, TenantStatus.SUSPENDED);
		}

		@Override
		public Tenant resume(TenantId id) {
			return set(id, TenantStatus.ACTIVE);
		}

		private Tenant set(TenantId id, TenantStatus status) {
			Tenant tenant = this.tenants.computeIfPresent(id,
					(key, old) -> new Tenant(id, old.name(), status, old.createdAt(), Instant.now()));
			if (tenant == null) {
				throw new UnknownTenantException(id);
			}
			return tenant;
		}

	}

}
