package io.dotmac.database.tenant;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Binds each request to its tenant: resolves the tenant text with a {@link TenantResolver},
 * validates it as a {@link TenantId}, checks with the {@link TenantRegistry} that the tenant
 * is registered and active, and runs the rest of the request with the tenant bound to
 * {@link TenantContext} (and so to the logging MDC and to the database connection). The
 * binding is undone when the request leaves the filter, whatever happened inside.
 * <p>
 * Requests that cannot be bound are refused before they reach the application, through a
 * {@link TenantRejectionHandler}: {@link TenantRejection#MISSING no tenant} and
 * {@link TenantRejection#MALFORMED malformed} text are 400; an {@link TenantRejection#UNKNOWN
 * unknown or suspended} tenant is 404, identical for both. Malformed text never reaches the
 * registry or SQL. An {@link UnknownTenantException} that the application lets escape (for
 * example a tenant schema that is missing although the registry lists the tenant) is
 * answered the same way when the response is not committed yet.
 * <p>
 * Paths matching one of the excluded patterns ({@link PathPattern} syntax, within the
 * application, for example {@code /actuator/**}) need no tenant and run without one.
 * <p>
 * Asynchronous and error dispatches of a request that was bound run bound to the same tenant,
 * taken from the request attribute {@link #TENANT_ATTRIBUTE} rather than resolved and checked
 * again; they are never refused, so an error page still renders. Work that the application
 * hands to other threads gets the tenant through the context propagation (a
 * {@code TaskDecorator} on Spring's executors), not through this filter.
 * <p>
 * Register it after Spring Security's filter chain when a resolver reads the authentication
 * (the JWT claim); the auto-configuration does.
 */
public class TenantFilter extends OncePerRequestFilter {

	/** Request attribute holding the bound {@link TenantId}, for the request's whole life. */
	public static final String TENANT_ATTRIBUTE = TenantFilter.class.getName() + ".TENANT";

	private static final Log logger = LogFactory.getLog(TenantFilter.class);

	private final TenantResolver resolver;

	private final TenantRegistry registry;

	private final TenantRejectionHandler rejectionHandler;

	private final PathPattern[] excludedPaths;

	/**
	 * Create a filter that answers refusals with problem details and excludes no path.
	 * @param resolver finds the tenant text
	 * @param registry knows which tenants exist and are active
	 */
	public TenantFilter(TenantResolver resolver, TenantRegistry registry) {
		this(resolver, registry, new ProblemDetailTenantRejectionHandler(), List.of());
	}

	/**
	 * Create a filter.
	 * @param resolver finds the tenant text
	 * @param registry knows which tenants exist and are active
	 * @param rejectionHandler answers refused requests
	 * @param excludedPaths path patterns that need no tenant, for example {@code /actuator/**}
	 */
	public TenantFilter(TenantResolver resolver, TenantRegistry registry, TenantRejectionHandler rejectionHandler,
			List<String> excludedPaths) {
		this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
		this.rejectionHandler = Objects.requireNonNull(rejectionHandler, "rejectionHandler must not be null");
		this.excludedPaths = excludedPaths.stream().map(PathPatternParser.defaultInstance::parse)
			.toArray(PathPattern[]::new);
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		// The async dispatch runs on another container thread: it must be bound again.
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// The error page of a tenant request runs on the same tenant (its logs, its queries).
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			continueDispatch(request, response, chain);
			return;
		}
		if (isExcluded(request)) {
			chain.doFilter(request, response);
			return;
		}
		String text;
		try {
			text = this.resolver.resolve(request);
		}
		catch (InvalidTenantIdException ex) {
			// A custom resolver that validates: the same answer as for malformed text.
			reject(request, response, TenantRejection.MALFORMED);
			return;
		}
		if (text == null) {
			reject(request, response, TenantRejection.MISSING);
			return;
		}
		// Validate before anything else looks at the text: it is hostile until proven otherwise.
		if (!TenantId.isValid(text)) {
			reject(request, response, TenantRejection.MALFORMED);
			return;
		}
		TenantId tenant = TenantId.of(text);
		if (!this.registry.find(tenant).map(Tenant::isActive).orElse(false)) {
			reject(request, response, TenantRejection.UNKNOWN);
			return;
		}
		request.setAttribute(TENANT_ATTRIBUTE, tenant);
		try (TenantContext.Scope scope = TenantContext.bind(tenant)) {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			// The registry said active but the data layer found no such tenant (schema per
			// tenant: its schema is missing). Answer as for any unknown tenant, not with a 500.
			if (causedByUnknownTenant(ex) && !response.isCommitted()) {
				response.resetBuffer();
				reject(request, response, TenantRejection.UNKNOWN);
				return;
			}
			throw ex;
		}
	}

	private static boolean causedByUnknownTenant(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnknownTenantException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private void continueDispatch(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Object bound = request.getAttribute(TENANT_ATTRIBUTE);
		if (bound instanceof TenantId tenant) {
			try (TenantContext.Scope scope = TenantContext.bind(tenant)) {
				chain.doFilter(request, response);
			}
		}
		else {
			// Not bound on the way in (excluded path, refused request, or a forward/include from
			// elsewhere): run without a tenant, and never refuse an error page.
			try (TenantContext.Scope scope = TenantContext.clear()) {
				chain.doFilter(request, response);
			}
		}
	}

	private boolean isExcluded(HttpServletRequest request) {
		if (this.excludedPaths.length == 0) {
			return false;
		}
		PathContainer path = pathWithinApplication(request);
		if (path == null) {
			return false;
		}
		for (PathPattern pattern : this.excludedPaths) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable PathContainer pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (uri == null) {
			return null;
		}
		String contextPath = request.getContextPath();
		if (contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath)) {
			uri = uri.substring(contextPath.length());
		}
		try {
			return PathContainer.parsePath(uri);
		}
		catch (IllegalArgumentException ex) {
			// Undecodable: not an excluded path, so a tenant is required.
			return null;
		}
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, TenantRejection rejection)
			throws IOException {
		if (logger.isDebugEnabled()) {
			// The rejected text is never logged: it may be hostile (CRLF, megabytes).
			logger.debug("Refused " + request.getMethod() + " request: " + rejection);
		}
		this.rejectionHandler.handle(request, response, rejection);
	}

	@Override
	public String toString() {
		return "TenantFilter[resolver=" + this.resolver + ", registry=" + this.registry + "]";
	}

}
