package io.dotmac.database.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.luben.zstd.Zstd;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializer;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.actuate.TenantCacheEndpoint;
import io.dotmac.database.actuate.TenantCacheHealthIndicator;
import io.dotmac.database.cache.CacheCompressor;
import io.dotmac.database.cache.CacheSerializers;
import io.dotmac.database.cache.SmartCache;
import io.dotmac.database.cache.TenantCacheMetrics;
import io.dotmac.database.cache.TenantCacheSettings;
import io.dotmac.database.cache.TenantCacheStore;
import io.dotmac.database.cache.TenantRedisCacheManager;
import io.dotmac.database.cache.ZstdCacheCompressor;

/**
 * The tenant-aware Redis cache: a {@link TenantCacheStore} on the application's
 * {@link RedisConnectionFactory}, a {@link SmartCache} for hand-written caching, a
 * tenant-aware {@link TenantRedisCacheManager} for {@code @Cacheable}, Micrometer meters,
 * the {@code tenantcaches} endpoint and the {@code tenantCache} health indicator.
 * <p>
 * The CacheManager is registered only when the application uses {@code @EnableCaching},
 * defines no {@link CacheManager} of its own and does not choose a cache type with
 * {@code spring.cache.type}; this auto-configuration runs before Boot's
 * {@code CacheAutoConfiguration}, which then backs off. Values are serialized with
 * Jackson 3 (a bean named {@code tenantCacheSerializer} of type {@link RedisSerializer}
 * replaces it); the classes read back are limited to the JDK's, the application's
 * auto-configuration packages and {@code dotmac.database.cache.trusted-packages}. Values
 * above {@code dotmac.database.cache.compression.threshold} are compressed with zstd when
 * zstd-jni is on the class path (a {@link CacheCompressor} bean replaces it). Every bean
 * backs off when the user defines one of the same type.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "dotmac.database.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TenantCacheProperties.class)
public final class TenantCacheAutoConfiguration {

	/** Name of a user's {@link RedisSerializer} bean that replaces the Jackson default. */
	public static final String SERIALIZER_BEAN_NAME = "tenantCacheSerializer";

	TenantCacheAutoConfiguration() {
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	TenantCacheStore tenantCacheStore(RedisConnectionFactory connectionFactory, TenantCacheProperties properties,
			BeanFactory beanFactory, @Qualifier(SERIALIZER_BEAN_NAME) ObjectProvider<RedisSerializer<?>> serializer,
			ObjectProvider<CacheCompressor> compressor) {
		TenantCacheSettings settings = settings(properties);
		@SuppressWarnings("unchecked")
		RedisSerializer<Object> valueSerializer = (RedisSerializer<Object>) serializer
			.getIfAvailable(() -> CacheSerializers.jackson(trustedPackages(properties, beanFactory)));
		CacheCompressor codec = properties.getCompression().isEnabled() ? compressor.getIfAvailable() : null;
		return new TenantCacheStore(connectionFactory, settings, valueSerializer, codec);
	}

	static TenantCacheSettings settings(TenantCacheProperties properties) {
		TenantCacheProperties.Compression compression = properties.getCompression();
		TenantCacheProperties.NearCache near = properties.getNearCache();
		TenantCacheProperties.CircuitBreaker circuit = properties.getCircuitBreaker();
		try {
			return TenantCacheSettings.builder()
				.keyPrefix(properties.getKeyPrefix())
				.defaultTtl(properties.getDefaultTtl())
				.compressionThreshold(compression.isEnabled() ? (int) Math.min(Integer.MAX_VALUE,
						compression.getThreshold().toBytes()) : -1)
				.tenantlessPolicy(properties.getWithoutTenant())
				.generationRefresh(properties.getGenerationRefresh())
				.scanBatchSize(properties.getScanBatchSize())
				.maxTrackedTenants(properties.getMaxTrackedTenants())
				.nearCache(near.isEnabled())
				.nearCacheMaximumSize(near.getMaximumSize())
				.nearCacheTtl(near.getTtl())
				.failureThreshold(circuit.getFailureThreshold())
				.openDuration(circuit.getOpenDuration())
				.slowCallThreshold(circuit.getSlowCallThreshold())
				.build();
		}
		catch (DatabaseValidationException ex) {
			throw new DatabaseValidationException("dotmac.database.cache." + ex.getMessage(), ex);
		}
	}

	private static List<String> trustedPackages(TenantCacheProperties properties, BeanFactory beanFactory) {
		List<String> packages = new ArrayList<>(properties.getTrustedPackages());
		if (AutoConfigurationPackages.has(beanFactory)) {
			packages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		return packages;
	}

	@Bean
	@ConditionalOnMissingBean
	SmartCache smartCache(TenantCacheStore tenantCacheStore, TenantCacheProperties properties) {
		return new SmartCache(tenantCacheStore, properties.getSmart().getName(), properties.getDefaultTtl());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Zstd.class)
	@ConditionalOnBooleanProperty(name = "dotmac.database.cache.compression.enabled", matchIfMissing = true)
	static class CompressionConfiguration {

		@Bean
		@ConditionalOnMissingBean(CacheCompressor.class)
		ZstdCacheCompressor tenantCacheCompressor() {
			return new ZstdCacheCompressor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(CacheManager.class)
	@ConditionalOnBean(CacheAspectSupport.class)
	@ConditionalOnMissingBean(CacheManager.class)
	@ConditionalOnBooleanProperty(name = "dotmac.database.cache.cache-manager.enabled", matchIfMissing = true)
	@Conditional(NoSpringCacheTypeCondition.class)
	static class CacheManagerConfiguration {

		@Bean
		TenantRedisCacheManager cacheManager(TenantCacheStore tenantCacheStore, TenantCacheProperties properties) {
			Map<String, Duration> ttls = new LinkedHashMap<>();
			properties.getCaches().forEach((name, spec) -> {
				Duration ttl = spec.getTtl();
				ttls.put(name, (ttl != null) ? ttl : properties.getDefaultTtl());
			});
			try {
				return new TenantRedisCacheManager(tenantCacheStore, ttls, properties.getDefaultTtl(),
						properties.getCacheManager().isDynamic(), properties.getCacheManager().isCacheNullValues());
			}
			catch (DatabaseValidationException ex) {
				throw new DatabaseValidationException("dotmac.database.cache.caches: " + ex.getMessage(), ex);
			}
		}

	}

	/** Backs off when the user picked a cache type for Boot's own CacheManager. */
	static final class NoSpringCacheTypeCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String type = context.getEnvironment().getProperty("spring.cache.type");
			return (type == null || type.isBlank()) ? ConditionOutcome.match("spring.cache.type is not set")
					: ConditionOutcome.noMatch("spring.cache.type is '" + type + "'");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TenantCacheMetrics tenantCacheMetrics(TenantCacheStore tenantCacheStore) {
			return new TenantCacheMetrics(tenantCacheStore);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		TenantCacheEndpoint tenantCacheEndpoint(TenantCacheStore tenantCacheStore) {
			return new TenantCacheEndpoint(tenantCacheStore);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("tenantcache")
	static class HealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tenantCacheHealthIndicator")
		TenantCacheHealthIndicator tenantCacheHealthIndicator(TenantCacheStore tenantCacheStore) {
			return new TenantCacheHealthIndicator(tenantCacheStore);
		}

	}

}
