package io.dotmac.database.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.actuate.TenantCacheEndpoint;
import io.dotmac.database.actuate.TenantCacheHealthIndicator;
import io.dotmac.database.cache.SmartCache;
import io.dotmac.database.cache.TenantCacheMetrics;
import io.dotmac.database.cache.TenantCacheStore;
import io.dotmac.database.cache.TenantRedisCache;
import io.dotmac.database.cache.TenantRedisCacheManager;
import io.dotmac.database.cache.ZstdCacheCompressor;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestRedis;
import io.dotmac.database.tenant.MissingTenantException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@DotmacTestServers
class TenantCacheAutoConfigurationTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	private final ApplicationContextRunner runner;

	TenantCacheAutoConfigurationTests(TestRedis redis) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					TenantCacheAutoConfiguration.class, CacheAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.database=" + redis.database());
	}

	@Test
	void aRedisConnectionGivesTheStoreSmartCacheAndOperatorBeans() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=tenantcaches").run((context) -> {
			assertThat(context).hasSingleBean(TenantCacheStore.class)
				.hasSingleBean(SmartCache.class)
				.hasSingleBean(ZstdCacheCompressor.class)
				.hasSingleBean(TenantCacheMetrics.class)
				.hasSingleBean(TenantCacheEndpoint.class)
				.hasSingleBean(TenantCacheHealthIndicator.class);
			// No @EnableCaching: no CacheManager is forced on the application.
			assertThat(context).doesNotHaveBean(CacheManager.class);
			assertThat(context.getBean(TenantCacheStore.class).compressorName()).isEqualTo("zstd");
		});
	}

	@Test
	void cacheableResultsAreScopedToTheTenantAndEvictedPerTenant() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("dotmac.database.cache.caches.customers.ttl=10m",
					"management.endpoints.web.exposure.include=tenantcaches")
			.run((context) -> {
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(TenantRedisCacheManager.class);
				CustomerLookup lookup = context.getBean(CustomerLookup.class);

				assertThat(TenantContext.call(ACME, () -> lookup.find("42"))).isEqualTo("acme/42#1");
				assertThat(TenantContext.call(ACME, () -> lookup.find("42"))).isEqualTo("acme/42#1");
				// The same key under another tenant is another entry, loaded for that tenant.
				assertThat(TenantContext.call(GLOBEX, () -> lookup.find("42"))).isEqualTo("globex/42#2");
				assertThat(TenantContext.call(GLOBEX, () -> lookup.find("42"))).isEqualTo("globex/42#2");
				assertThat(lookup.calls()).isEqualTo(2);

				TenantContext.run(ACME, () -> lookup.evict("42"));
				assertThat(TenantContext.call(GLOBEX, () -> lookup.find("42"))).isEqualTo("globex/42#2");
				assertThat(TenantContext.call(ACME, () -> lookup.find("42"))).isEqualTo("acme/42#3");

				// Without a tenant the cache fails closed.
				assertThatExceptionOfType(MissingTenantException.class).isThrownBy(() -> lookup.find("42"));

				TenantRedisCache cache = (TenantRedisCache) context.getBean(CacheManager.class).getCache("customers");
				assertThat(cache.getTtl()).isEqualTo(Duration.ofMinutes(10));
				TenantCacheEndpoint.CachesReport report = context.getBean(TenantCacheEndpoint.class).caches();
				assertThat(report.caches().get("customers").hits()).isEqualTo(3);
				assertThat(report.tenants()).containsOnlyKeys("acme", "globex");
			});
	}

	@Test
	void keysThatDoNotOverrideToStringAreRefused() {
		this.runner.withUserConfiguration(CachingConfiguration.class).run((context) -> {
			org.springframework.cache.Cache cache = context.getBean(CacheManager.class).getCache("customers");
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> TenantContext.run(ACME, () -> cache.put(new Object(), "x")))
				.withMessageContaining("toString()");
		});
	}

	@Test
	void theNearCacheIsSwitchedOnByProperty() {
		this.runner.withPropertyValues("dotmac.database.cache.near-cache.enabled=true").run((context) -> {
			TenantCacheStore store = context.getBean(TenantCacheStore.class);
			assertThat(store.nearCacheSize()).isZero();
			assertThat(store.settings().nearCache().enabled()).isTrue();
		});
		this.runner.run((context) -> assertThat(context.getBean(TenantCacheStore.class).nearCacheSize()).isEqualTo(-1));
	}

	@Test
	void metersCountGetsPutsAndEvictionsWithoutTenantTags() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(TenantCacheMetrics.class).bindTo(registry);
				CustomerLookup lookup = context.getBean(CustomerLookup.class);
				TenantContext.run(ACME, () -> {
					lookup.find("1");
					lookup.find("1");
					lookup.evict("1");
				});
				assertThat(registry.get("dotmac.cache.gets").tag("cache", "customers").tag("result", "hit").counter()
					.count()).isEqualTo(1);
				assertThat(registry.get("dotmac.cache.gets").tag("result", "miss").counter().count()).isEqualTo(1);
				assertThat(registry.get("dotmac.cache.puts").tag("result", "written").counter().count()).isEqualTo(1);
				assertThat(registry.get("dotmac.cache.evictions").counter().count()).isEqualTo(1);
				assertThat(registry.get("dotmac.cache.latency").tag("operation", "get").timer().count()).isEqualTo(2);
				assertThat(registry.get("dotmac.cache.circuit.state").gauge().value()).isZero();
				assertThat(registry.getMeters()).allSatisfy(
						(meter) -> assertThat(meter.getId().getTagsAsIterable()).noneMatch((t) -> t.getKey().equals("tenant")));
			});
	}

	@Test
	void anApplicationCacheManagerOrSpringCacheTypeWins() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withBean(CacheManager.class, ConcurrentMapCacheManager::new)
			.run((context) -> assertThat(context.getBean(CacheManager.class))
				.isInstanceOf(ConcurrentMapCacheManager.class));
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=redis")
			.run((context) -> assertThat(context.getBean(CacheManager.class)).isInstanceOf(RedisCacheManager.class));
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("dotmac.database.cache.cache-manager.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TenantRedisCacheManager.class));
	}

	@Test
	void theCacheCanBeSwitchedOffOrStripped() {
		this.runner.withPropertyValues("dotmac.database.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TenantCacheStore.class));
		this.runner
			.withPropertyValues("dotmac.database.cache.compression.enabled=false",
					"management.health.tenantcache.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ZstdCacheCompressor.class)
					.doesNotHaveBean(TenantCacheHealthIndicator.class);
				assertThat(context.getBean(TenantCacheStore.class).compressorName()).isNull();
			});
	}

	@Test
	void badSettingsStopStartupNamingTheProperty() {
		this.runner.withPropertyValues("dotmac.database.cache.key-prefix=a:b").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(DatabaseValidationException.class);
			assertThat(context.getStartupFailure()).hasStackTraceContaining("dotmac.database.cache.key-prefix");
		});
		this.runner.withPropertyValues("dotmac.database.cache.default-ttl=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("dotmac.database.cache.default-ttl");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		CustomerLookup customerLookup() {
			return new CustomerLookup();
		}

	}

	static class CustomerLookup {

		final AtomicInteger calls = new AtomicInteger();

		@Cacheable("customers")
		public String find(String id) {
			return TenantContext.require() + "/" + id + "#" + this.calls.incrementAndGet();
		}

		public int calls() {
			return this.calls.get();
		}

		@CacheEvict("customers")
		public void evict(String id) {
		}

	}

}
