package io.dotmac.database.tenant;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Finds the text that names a request's tenant: a header, part of the host name or path, a
 * token claim.
 * <p>
 * A resolver only extracts; it never validates, trims or repairs. The request filter turns the
 * text into a {@link TenantId} in one place, so that every resolver rejects the same inputs the
 * same way, and hostile text never gets further than that check. A resolver returns
 * {@code null} when the request carries nothing it understands, which lets a
 * {@link CompositeTenantResolver} ask the next one; when the request carries something, even
 * empty or malformed text, it returns it as is, so that the request is refused rather than
 * resolved some other way.
 * <p>
 * Implementations must be thread-safe, cheap (they run for every request) and must not read
 * the request body. Every built-in resolver passes the same contract test.
 */
@FunctionalInterface
public interface TenantResolver {

	/**
	 * Return the tenant text the request carries.
	 * @param request the request
	 * @return the raw text, or {@code null} when the request carries none
	 */
	@Nullable String resolve(HttpServletRequest request);

}
