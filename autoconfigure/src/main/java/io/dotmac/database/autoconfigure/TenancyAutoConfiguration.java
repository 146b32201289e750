package io.dotmac.database.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.servlet.DispatcherType;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.jdbc.ManagementDatabase;
import io.dotmac.database.tenant.CachingTenantRegistry;
import io.dotmac.database.tenant.CompositeTenantResolver;
import io.dotmac.database.tenant.FixedTenantResolver;
import io.dotmac.database.tenant.HeaderTenantResolver;
import io.dotmac.database.tenant.InvalidTenantIdException;
import io.dotmac.database.tenant.JdbcTenantRegistry;
import io.dotmac.database.tenant.JwtClaimTenantResolver;
import io.dotmac.database.tenant.PathTenantResolver;
import io.dotmac.database.tenant.ProblemDetailTenantRejectionHandler;
import io.dotmac.database.tenant.SubdomainTenantResolver;
import io.dotmac.database.tenant.TenantContextTaskDecorator;
import io.dotmac.database.tenant.TenantFilter;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistry;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;
import io.dotmac.database.tenant.TenantRegistryTable;
import io.dotmac.database.tenant.TenantRejectionHandler;
import io.dotmac.database.tenant.TenantResolver;

/**
 * Tenancy: the tenant of each web request, the tenant registry, and the tenant following work
 * to other threads.
 * <ul>
 * <li>With a single {@link DataSource}: a {@link JdbcTenantRegistry} on
 * {@code dotmac.database.tenancy.registry.schema/table} (in the {@link ManagementDatabase} when
 * {@code dotmac.database.management.url} is set), behind a
 * {@link CachingTenantRegistry} (bean {@code tenantRegistry}), and, when Liquibase is on the
 * class path, a {@link TenantRegistrySchemaInitializer} that creates the table at startup (a
 * database initializer: JPA and the application's own Liquibase wait for it). A
 * {@link TenantRegistry} bean of the application's replaces all of it.</li>
 * <li>In a servlet web application: a {@link TenantFilter} registered after Spring Security's
 * filter chain, for requests, async and error dispatches, with a chain of
 * {@link TenantResolver}s built from {@code dotmac.database.tenancy.resolvers} and a
 * {@link ProblemDetailTenantRejectionHandler}. A {@link TenantResolver} or
 * {@link TenantRejectionHandler} bean of the application's replaces ours; so does a
 * registration of its own for a {@link TenantFilter}.</li>
 * <li>A {@link TenantContextTaskDecorator}, which Spring Boot applies to its application task
 * executor and task scheduler. Micrometer context propagation needs no bean: its accessor is
 * registered through {@code META-INF/services}.</li>
 * </ul>
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(TenancyProperties.class)
public final class TenancyAutoConfiguration {

	private static final String PREFIX = "dotmac.database.tenancy";

	/** Spring Security's filter order property and its default, {@code SecurityFilterProperties}. */
	private static final String SECURITY_FILTER_ORDER_PROPERTY = "spring.security.filter.order";

	private static final int DEFAULT_SECURITY_FILTER_ORDER = -100;

	/** How far after Spring Security's filter chain the tenant filter runs by default. */
	static final int FILTER_ORDER_AFTER_SECURITY = 10;

	private static final String RESOURCE_SERVER_TOKEN_CLASS = "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken";

	TenancyAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = PREFIX + ".propagation.enabled", matchIfMissing = true)
	TenantContextTaskDecorator tenantContextTaskDecorator() {
		return new TenantContextTaskDecorator();
	}

	/** The management database's when there is one, else the application's. */
	static DataSource registryDataSource(DataSource dataSource, ObjectProvider<ManagementDatabase> management) {
		ManagementDatabase database = management.getIfAvailable();
		return (database != null) ? database.getDataSource() : dataSource;
	}

	static TenantRegistryTable registryTable(TenancyProperties properties) {
		try {
			return TenantRegistryTable.of(properties.getRegistry().getSchema(), properties.getRegistry().getTable());
		}
		catch (DatabaseValidationException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".registry",
					properties.getRegistry().getSchema() + "." + properties.getRegistry().getTable(), ex.getMessage());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcClient.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	@ConditionalOnMissingBean(TenantRegistry.class)
	static class JdbcRegistryConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBooleanProperty(name = PREFIX + ".registry.cache.enabled", matchIfMissing = true)
		static class CachedRegistryConfiguration {

			@Bean
			CachingTenantRegistry tenantRegistry(DataSource dataSource, TenancyProperties properties,
					ObjectProvider<ManagementDatabase> management) {
				TenancyProperties.Cache cache = properties.getRegistry().getCache();
				JdbcTenantRegistry registry = new JdbcTenantRegistry(registryDataSource(dataSource, management),
						registryTable(properties));
				return new CachingTenantRegistry(registry, cache.getTtl(), cache.getNegativeTtl(), cache.getMaxSize());
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnBooleanProperty(name = PREFIX + ".registry.cache.enabled", havingValue = false)
		static class UncachedRegistryConfiguration {

			@Bean
			JdbcTenantRegistry tenantRegistry(DataSource dataSource, TenancyProperties properties,
					ObjectProvider<ManagementDatabase> management) {
				return new JdbcTenantRegistry(registryDataSource(dataSource, management), registryTable(properties));
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = { "liquibase.command.CommandScope",
				"org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer" })
		@ConditionalOnBooleanProperty(name = PREFIX + ".registry.initialize-schema", matchIfMissing = true)
		// Makes the beans that depend on database initialization wait for ours, even in an
		// application without JPA or Liquibase (which import it too).
		@Import(DatabaseInitializationDependencyConfigurer.class)
		static class SchemaInitializationConfiguration {

			@Bean
			@ConditionalOnMissingBean
			TenantRegistrySchemaInitializer tenantRegistrySchemaInitializer(DataSource dataSource,
					TenancyProperties properties, ObjectProvider<ManagementDatabase> management) {
				return new TenantRegistrySchemaInitializer(registryDataSource(dataSource, management),
						registryTable(properties));
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(OncePerRequestFilter.class)
	@ConditionalOnBooleanProperty(name = PREFIX + ".filter.enabled", matchIfMissing = true)
	static class WebConfiguration {

		@Bean
		@ConditionalOnMissingBean(TenantResolver.class)
		CompositeTenantResolver tenantResolver(TenancyProperties properties, ResourceLoader resourceLoader) {
			List<TenancyProperties.ResolverType> types = properties.getResolvers();
			if (types.isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".resolvers", "",
						"At least one tenant resolver is needed");
			}
			List<TenantResolver> resolvers = new ArrayList<>(types.size());
			for (TenancyProperties.ResolverType type : types) {
				resolvers.add(resolver(type, properties, resourceLoader.getClassLoader()));
			}
			return new CompositeTenantResolver(resolvers);
		}

		private static TenantResolver resolver(TenancyProperties.ResolverType type, TenancyProperties properties,
				@Nullable ClassLoader classLoader) {
			return switch (type) {
				case HEADER -> headerResolver(properties);
				case SUBDOMAIN -> subdomainResolver(properties);
				case PATH -> pathResolver(properties);
				case JWT -> jwtResolver(properties, classLoader);
				case FIXED -> fixedResolver(properties);
			};
		}

		private static TenantResolver headerResolver(TenancyProperties properties) {
			if (!StringUtils.hasText(properties.getHeaderName())) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".header-name",
						properties.getHeaderName(), "The header resolver needs a header name");
			}
			return new HeaderTenantResolver(properties.getHeaderName());
		}

		private static TenantResolver subdomainResolver(TenancyProperties properties) {
			String baseDomain = properties.getSubdomain().getBaseDomain();
			if (!StringUtils.hasText(baseDomain)) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".subdomain.base-domain", baseDomain,
						"The subdomain resolver needs the base domain under which tenants have subdomains");
			}
			try {
				return new SubdomainTenantResolver(baseDomain);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".subdomain.base-domain", baseDomain,
						ex.getMessage());
			}
		}

		private static TenantResolver pathResolver(TenancyProperties properties) {
			TenancyProperties.Path path = properties.getPath();
			if (path.getSegmentIndex() != null) {
				if (path.getSegmentIndex() < 0) {
					throw new InvalidConfigurationPropertyValueException(PREFIX + ".path.segment-index",
							path.getSegmentIndex(), "The path segment index must not be negative");
				}
				return PathTenantResolver.ofSegmentIndex(path.getSegmentIndex());
			}
			try {
				return PathTenantResolver.ofPattern(path.getPattern());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".path.pattern", path.getPattern(),
						ex.getMessage());
			}
		}

		private static TenantResolver jwtResolver(TenancyProperties properties, @Nullable ClassLoader classLoader) {
			if (!ClassUtils.isPresent(RESOURCE_SERVER_TOKEN_CLASS, classLoader)) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".resolvers", "jwt",
						"The JWT claim resolver needs Spring Security's OAuth2 resource server "
								+ "(org.springframework.security:spring-security-oauth2-resource-server) on the class path");
			}
			return JwtResolverFactory.create(properties.getJwt().getClaim());
		}

		private static TenantResolver fixedResolver(TenancyProperties properties) {
			String fixed = properties.getFixedTenant();
			try {
				return new FixedTenantResolver(TenantId.of(fixed));
			}
			catch (InvalidTenantIdException ex) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".fixed-tenant", fixed,
						"The fixed resolver needs a valid tenant id: " + ex.getMessage());
			}
		}

		@Bean
		@ConditionalOnMissingBean(TenantRejectionHandler.class)
		ProblemDetailTenantRejectionHandler tenantRejectionHandler() {
			return new ProblemDetailTenantRejectionHandler();
		}

		@Bean
		@ConditionalOnMissingFilterBean(TenantFilter.class)
		FilterRegistrationBean<TenantFilter> tenantFilter(TenantResolver resolver,
				ObjectProvider<TenantRegistry> registry, TenantRejectionHandler rejectionHandler,
				TenancyProperties properties, Environment environment) {
			TenantRegistry tenantRegistry = registry.getIfUnique();
			if (tenantRegistry == null) {
				throw new IllegalStateException("The tenant filter needs a single TenantRegistry to check tenants "
						+ "against: configure a DataSource (for the JDBC registry) or define a TenantRegistry bean, "
						+ "or set " + PREFIX + ".filter.enabled=false");
			}
			TenantFilter filter = new TenantFilter(resolver, tenantRegistry, rejectionHandler,
					List.copyOf(properties.getExcludedPaths()));
			FilterRegistrationBean<TenantFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setName("tenantFilter");
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
			registration.setOrder(filterOrder(properties, environment));
			return registration;
		}

		static int filterOrder(TenancyProperties properties, Environment environment) {
			Integer order = properties.getFilter().getOrder();
			if (order != null) {
				return order;
			}
			int securityOrder = environment.getProperty(SECURITY_FILTER_ORDER_PROPERTY, Integer.class,
					DEFAULT_SECURITY_FILTER_ORDER);
			return securityOrder + FILTER_ORDER_AFTER_SECURITY;
		}

	}

	/** Touches Spring Security types only when they are known to be present. */
	private static final class JwtResolverFactory {

		static TenantResolver create(String claim) {
			if (!StringUtils.hasText(claim)) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".jwt.claim", claim,
						"The JWT claim resolver needs a claim name");
			}
			return new JwtClaimTenantResolver(claim);
		}

	}

}
