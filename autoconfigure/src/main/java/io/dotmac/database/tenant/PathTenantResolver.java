package io.dotmac.database.tenant;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Takes the tenant from the request path, either by a pattern with a {@code {tenant}}
 * variable ({@code /t/{tenant}/**}, the default) or by position ({@link #ofSegmentIndex
 * segment index} 1 takes {@code acme} from {@code /api/acme/customers}).
 * <p>
 * The path is taken within the application (without the context path) and percent-decoded,
 * as Spring MVC would see it; matrix parameters ({@code ;jsessionid=...}) are ignored. A path
 * that does not match the pattern, or is too short, carries no tenant. Text that cannot be
 * decoded (a stray {@code %}) is returned as sent, and is then refused as malformed.
 */
public final class PathTenantResolver implements TenantResolver {

	/** The default pattern. */
	public static final String DEFAULT_PATTERN = "/t/{tenant}/**";

	/** The variable a pattern must contain. */
	public static final String VARIABLE = "tenant";

	private final @Nullable PathPattern pattern;

	private final int segmentIndex;

	private PathTenantResolver(@Nullable PathPattern pattern, int segmentIndex) {
		this.pattern = pattern;
		this.segmentIndex = segmentIndex;
	}

	/**
	 * Create a resolver for the {@value #DEFAULT_PATTERN} pattern.
	 * @return the resolver
	 */
	public static PathTenantResolver ofDefaultPattern() {
		return ofPattern(DEFAULT_PATTERN);
	}

	/**
	 * Create a resolver that matches the path against a pattern in Spring's
	 * {@link PathPattern} syntax, with a {@code {tenant}} variable.
	 * @param pattern the pattern, for example {@code /t/{tenant}/**}
	 * @return the resolver
	 */
	public static PathTenantResolver ofPattern(String pattern) {
		Objects.requireNonNull(pattern, "pattern must not be null");
		PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
		if (!pattern.contains("{" + VARIABLE + "}")) {
			throw new IllegalArgumentException(
					"Tenant path pattern '" + pattern + "' must contain the variable {" + VARIABLE + "}");
		}
		return new PathTenantResolver(parsed, -1);
	}

	/**
	 * Create a resolver that takes the path segment at a position.
	 * @param segmentIndex the position, 0 for the first segment
	 * @return the resolver
	 */
	public static PathTenantResolver ofSegmentIndex(int segmentIndex) {
		if (segmentIndex < 0) {
			throw new IllegalArgumentException("segmentIndex must not be negative");
		}
		return new PathTenantResolver(null, segmentIndex);
	}

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		String path = pathWithinApplication(request);
		if (path == null) {
			return null;
		}
		return (this.pattern != null) ? byPattern(this.pattern, path) : bySegment(path);
	}

	private static @Nullable String byPattern(PathPattern pattern, String path) {
		PathContainer container;
		try {
			container = PathContainer.parsePath(path);
		}
		catch (IllegalArgumentException ex) {
			// Not decodable (a stray %): escape every % so that the segments come out exactly as
			// sent, and the tenant text, still holding its %, is refused as malformed.
			container = PathContainer.parsePath(path.replace("%", "%25"));
		}
		PathPattern.PathMatchInfo match = pattern.matchAndExtract(container);
		return (match != null) ? match.getUriVariables().get(VARIABLE) : null;
	}

	private @Nullable String bySegment(String path) {
		// Split by hand: an empty segment ("//") still counts, so that it cannot shift the index.
		int start = path.startsWith("/") ? 1 : 0;
		for (int index = 0; index < this.segmentIndex; index++) {
			int slash = path.indexOf('/', start);
			if (slash < 0) {
				return null;
			}
			start = slash + 1;
		}
		int end = path.indexOf('/', start);
		String segment = path.substring(start, (end < 0) ? path.length() : end);
		int matrix = segment.indexOf(';');
		if (matrix >= 0) {
			segment = segment.substring(0, matrix);
		}
		try {
			return UriUtils.decode(segment, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return segment;
		}
	}

	private static @Nullable String pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		if (uri == null) {
			return null;
		}
		String contextPath = request.getContextPath();
		if (contextPath != null && !contextPath.isEmpty() && uri.startsWith(contextPath)) {
			uri = uri.substring(contextPath.length());
		}
		return uri;
	}

	@Override
	public String toString() {
		return (this.pattern != null) ? "path " + this.pattern.getPatternString()
				: "path segment " + this.segmentIndex;
	}

}
