package io.dotmac.database.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of tenancy, under {@code dotmac.database.tenancy}: how a web request names its
 * tenant, which paths need none, where the tenant registry lives, and whether the tenant
 * follows work to other threads.
 * <p>
 * Defaults are written as literals so that the configuration metadata shows them; they match
 * the library's constants ({@code HeaderTenantResolver.DEFAULT_HEADER_NAME},
 * {@code CachingTenantRegistry.DEFAULT_TTL}, ...), which a test checks.
 */
@ConfigurationProperties("dotmac.database.tenancy")
public class TenancyProperties {

	/**
	 * Where the tenant of a web request comes from, in the order they are tried; the first one
	 * that finds anything decides. Any of: header, subdomain, path, jwt (needs
	 * spring-security-oauth2-resource-server), fixed.
	 */
	private List<ResolverType> resolvers = new ArrayList<>(List.of(ResolverType.HEADER));

	/**
	 * Request header that carries the tenant id, for the header resolver.
	 */
	private String headerName = "X-Tenant-ID";

	/**
	 * Tenant of every request, for the fixed resolver (single-tenant deployments). It must be
	 * a valid tenant id and be registered.
	 */
	private @Nullable String fixedTenant;

	/**
	 * Paths that need no tenant and run without one, as Spring path patterns within the
	 * application (without the context path). Setting this replaces the default list.
	 */
	private List<String> excludedPaths = new ArrayList<>(List.of("/actuator/**", "/error"));

	private final Subdomain subdomain = new Subdomain();

	private final Path path = new Path();

	private final Jwt jwt = new Jwt();

	private final Filter filter = new Filter();

	private final Registry registry = new Registry();

	private final Propagation propagation = new Propagation();

	/**
	 * How tenants are kept apart: 'rls' (one set of tables, Row-Level Security policies on
	 * a tenant column) or 'schema' (a PostgreSQL schema per tenant, reached through one
	 * shared pool by search_path; see dotmac.database.schema.*).
	 */
	private Strategy strategy = Strategy.RLS;

	/**
	 * Return how tenants are kept apart.
	 * @return the isolation strategy
	 */
	public Strategy getStrategy() {
		return this.strategy;
	}

	/**
	 * Set how tenants are kept apart.
	 * @param strategy the isolation strategy
	 */
	public void setStrategy(Strategy strategy) {
		this.strategy = strategy;
	}

	/**
	 * Return the resolvers, in the order they are tried.
	 * @return the resolvers
	 */
	public List<ResolverType> getResolvers() {
		return this.resolvers;
	}

	/**
	 * Set the resolvers, in the order they are tried.
	 * @param resolvers the resolvers
	 */
	public void setResolvers(List<ResolverType> resolvers) {
		this.resolvers = resolvers;
	}

	/**
	 * Return the header that carries the tenant id.
	 * @return the header name
	 */
	public String getHeaderName() {
		return this.headerName;
	}

	/**
	 * Set the header that carries the tenant id.
	 * @param headerName the header name
	 */
	public void setHeaderName(String headerName) {
		this.headerName = headerName;
	}

	/**
	 * Return the tenant of every request, for the fixed resolver.
	 * @return the tenant id, or {@code null}
	 */
	public @Nullable String getFixedTenant() {
		return this.fixedTenant;
	}

	/**
	 * Set the tenant of every request, for the fixed resolver.
	 * @param fixedTenant the tenant id
	 */
	public void setFixedTenant(@Nullable String fixedTenant) {
		this.fixedTenant = fixedTenant;
	}

	/**
	 * Return the paths that need no tenant.
	 * @return the path patterns
	 */
	public List<String> getExcludedPaths() {
		return this.excludedPaths;
	}

	/**
	 * Set the paths that need no tenant.
	 * @param excludedPaths the path patterns
	 */
	public void setExcludedPaths(List<String> excludedPaths) {
		this.excludedPaths = excludedPaths;
	}

	/**
	 * Return the subdomain resolver's settings.
	 * @return the settings
	 */
	public Subdomain getSubdomain() {
		return this.subdomain;
	}

	/**
	 * Return the path resolver's settings.
	 * @return the settings
	 */
	public Path getPath() {
		return this.path;
	}

	/**
	 * Return the JWT resolver's settings.
	 * @return the settings
	 */
	public Jwt getJwt() {
		return this.jwt;
	}

	/**
	 * Return the request filter's settings.
	 * @return the settings
	 */
	public Filter getFilter() {
		return this.filter;
	}

	/**
	 * Return the tenant registry's settings.
	 * @return the settings
	 */
	public Registry getRegistry() {
		return this.registry;
	}

	/**
	 * Return the context propagation settings.
	 * @return the settings
	 */
	public Propagation getPropagation() {
		return this.propagation;
	}

	/** An isolation strategy. */
	public enum Strategy {

		/** Row-Level Security on shared tables. */
		RLS,

		/** A schema per tenant. */
		SCHEMA

	}

	/** A built-in source of a request's tenant. */
	public enum ResolverType {

		/** A request header, {@code header-name}. */
		HEADER,

		/** The host name's label in front of {@code subdomain.base-domain}. */
		SUBDOMAIN,

		/** A path segment, by {@code path.pattern} or {@code path.segment-index}. */
		PATH,

		/** A claim of the OAuth2 bearer token, {@code jwt.claim}. */
		JWT,

		/** Always {@code fixed-tenant}. */
		FIXED

	}

	/** Settings of the subdomain resolver. */
	public static class Subdomain {

		/**
		 * Domain under which each tenant has a subdomain: with app.example.com, a request to
		 * acme.app.example.com is for tenant acme. Required by the subdomain resolver.
		 */
		private @Nullable String baseDomain;

		/**
		 * Return the base domain.
		 * @return the base domain, or {@code null}
		 */
		public @Nullable String getBaseDomain() {
			return this.baseDomain;
		}

		/**
		 * Set the base domain.
		 * @param baseDomain the base domain
		 */
		public void setBaseDomain(@Nullable String baseDomain) {
			this.baseDomain = baseDomain;
		}

	}

	/** Settings of the path resolver. */
	public static class Path {

		/**
		 * Path pattern with a {tenant} variable that the path resolver matches the request
		 * path (within the application) against.
		 */
		private String pattern = "/t/{tenant}/**";

		/**
		 * Position of the path segment that holds the tenant, 0 for the first; when set, it is
		 * used instead of the pattern.
		 */
		private @Nullable Integer segmentIndex;

		/**
		 * Return the pattern.
		 * @return the pattern
		 */
		public String getPattern() {
			return this.pattern;
		}

		/**
		 * Set the pattern.
		 * @param pattern the pattern, with a {@code {tenant}} variable
		 */
		public void setPattern(String pattern) {
			this.pattern = pattern;
		}

		/**
		 * Return the segment index.
		 * @return the index, or {@code null} to use the pattern
		 */
		public @Nullable Integer getSegmentIndex() {
			return this.segmentIndex;
		}

		/**
		 * Set the segment index.
		 * @param segmentIndex the index, 0 for the first segment
		 */
		public void setSegmentIndex(@Nullable Integer segmentIndex) {
			this.segmentIndex = segmentIndex;
		}

	}

	/** Settings of the JWT claim resolver. */
	public static class Jwt {

		/**
		 * Claim of the authenticated bearer token (JWT or introspected opaque token) that
		 * carries the tenant id.
		 */
		private String claim = "tenant_id";

		/**
		 * Return the claim.
		 * @return the claim name
		 */
		public String getClaim() {
			return this.claim;
		}

		/**
		 * Set the claim.
		 * @param claim the claim name
		 */
		public void setClaim(String claim) {
			this.claim = claim;
		}

	}

	/** Settings of the request filter. */
	public static class Filter {

		/**
		 * Whether to resolve, check and bind the tenant of every web request. Without the
		 * filter, requests run without a tenant unless the application binds one.
		 */
		private boolean enabled = true;

		/**
		 * Order of the tenant filter among the servlet filters. By default 10 after Spring
		 * Security's filter chain (spring.security.filter.order, itself -100 by default), so
		 * that the JWT resolver sees the authentication and unauthenticated requests are
		 * refused before their tenant is looked up.
		 */
		private @Nullable Integer order;

		/**
		 * Return whether the filter is on.
		 * @return whether the filter is on
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether the filter is on.
		 * @param enabled whether the filter is on
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return the filter order.
		 * @return the order, or {@code null} for the default
		 */
		public @Nullable Integer getOrder() {
			return this.order;
		}

		/**
		 * Set the filter order.
		 * @param order the order
		 */
		public void setOrder(@Nullable Integer order) {
			this.order = order;
		}

	}

	/** Settings of the JDBC tenant registry. */
	public static class Registry {

		/**
		 * Schema of the tenant registry table: a shared schema, not a tenant's. Created when
		 * missing and schema initialization is on.
		 */
		private String schema = "public";

		/**
		 * Name of the tenant registry table (at most 48 characters of [a-z0-9_]). Its schema
		 * history is kept in <table>_changelog and <table>_changelog_lock.
		 */
		private String table = "dotmac_tenants";

		/**
		 * Whether to create and upgrade the tenant registry table at startup, from the
		 * Liquibase changelog shipped in this library, before JPA and the application's own
		 * Liquibase run. Turn it off when the table is managed elsewhere.
		 */
		private boolean initializeSchema = true;

		private final Cache cache = new Cache();

		/**
		 * Return the schema.
		 * @return the schema
		 */
		public String getSchema() {
			return this.schema;
		}

		/**
		 * Set the schema.
		 * @param schema the schema
		 */
		public void setSchema(String schema) {
			this.schema = schema;
		}

		/**
		 * Return the table name.
		 * @return the table name
		 */
		public String getTable() {
			return this.table;
		}

		/**
		 * Set the table name.
		 * @param table the table name
		 */
		public void setTable(String table) {
			this.table = table;
		}

		/**
		 * Return whether the table is created at startup.
		 * @return whether schema initialization is on
		 */
		public boolean isInitializeSchema() {
			return this.initializeSchema;
		}

		/**
		 * Set whether the table is created at startup.
		 * @param initializeSchema whether schema initialization is on
		 */
		public void setInitializeSchema(boolean initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		/**
		 * Return the lookup cache settings.
		 * @return the settings
		 */
		public Cache getCache() {
			return this.cache;
		}

	}

	/** Settings of the registry's lookup cache. */
	public static class Cache {

		/**
		 * Whether to remember registry lookups, so that requests do not cost a database round
		 * trip each.
		 */
		private boolean enabled = true;

		/**
		 * How long a registered tenant (active or suspended) is remembered. Other instances
		 * see a suspension after at most this long. Zero to not remember.
		 */
		private Duration ttl = Duration.ofSeconds(10);

		/**
		 * How long an unknown tenant id is remembered. Other instances see a new tenant after
		 * at most this long. Zero to not remember.
		 */
		private Duration negativeTtl = Duration.ofSeconds(5);

		/**
		 * Maximum number of registered tenants remembered, and separately of unknown ids.
		 */
		private int maxSize = 10000;

		/**
		 * Return whether lookups are cached.
		 * @return whether the cache is on
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether lookups are cached.
		 * @param enabled whether the cache is on
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return how long a registered tenant is remembered.
		 * @return the TTL
		 */
		public Duration getTtl() {
			return this.ttl;
		}

		/**
		 * Set how long a registered tenant is remembered.
		 * @param ttl the TTL
		 */
		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		/**
		 * Return how long an unknown tenant id is remembered.
		 * @return the TTL
		 */
		public Duration getNegativeTtl() {
			return this.negativeTtl;
		}

		/**
		 * Set how long an unknown tenant id is remembered.
		 * @param negativeTtl the TTL
		 */
		public void setNegativeTtl(Duration negativeTtl) {
			this.negativeTtl = negativeTtl;
		}

		/**
		 * Return the maximum number of entries of each kind.
		 * @return the maximum
		 */
		public int getMaxSize() {
			return this.maxSize;
		}

		/**
		 * Set the maximum number of entries of each kind.
		 * @param maxSize the maximum
		 */
		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

	}

	/** Settings of the propagation of the tenant to other threads. */
	public static class Propagation {

		/**
		 * Whether to register a TaskDecorator that carries the tenant to Spring Boot's
		 * application task executor and task scheduler (@Async, CompletableFuture on those
		 * executors, @Scheduled, virtual threads).
		 */
		private boolean enabled = true;

		/**
		 * Return whether the task decorator is registered.
		 * @return whether propagation is on
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether the task decorator is registered.
		 * @param enabled whether propagation is on
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
