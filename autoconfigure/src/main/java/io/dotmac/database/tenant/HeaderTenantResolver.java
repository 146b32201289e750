package io.dotmac.database.tenant;

import java.util.Enumeration;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Takes the tenant from a request header, by default {@value #DEFAULT_HEADER_NAME}.
 * <p>
 * A request that repeats the header gets the values joined with a comma, as HTTP combines
 * repeated fields; that is never a valid tenant id, so the request is refused rather than
 * served for one of them.
 */
public class HeaderTenantResolver implements TenantResolver {

	/** The default header. */
	public static final String DEFAULT_HEADER_NAME = "X-Tenant-ID";

	private final String headerName;

	/** Create a resolver for the {@value #DEFAULT_HEADER_NAME} header. */
	public HeaderTenantResolver() {
		this(DEFAULT_HEADER_NAME);
	}

	/**
	 * Create a resolver.
	 * @param headerName the header that carries the tenant
	 */
	public HeaderTenantResolver(String headerName) {
		Objects.requireNonNull(headerName, "headerName must not be null");
		if (!StringUtils.hasText(headerName)) {
			throw new IllegalArgumentException("headerName must not be blank");
		}
		this.headerName = headerName;
	}

	/**
	 * Return the header that carries the tenant.
	 * @return the header name
	 */
	public String getHeaderName() {
		return this.headerName;
	}

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(this.headerName);
		if (values == null || !values.hasMoreElements()) {
			return null;
		}
		String first = values.nextElement();
		if (!values.hasMoreElements()) {
			return first;
		}
		StringBuilder all = new StringBuilder(first);
		while (values.hasMoreElements()) {
			all.append(',').append(values.nextElement());
		}
		return all.toString();
	}

	@Override
	public String toString() {
		return "header " + this.headerName;
	}

}
