package io.dotmac.database.tenant;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers a request that the {@link TenantFilter} refused. The default,
 * {@link ProblemDetailTenantRejectionHandler}, writes RFC 9457 problem details; provide your
 * own to answer differently (another body, a redirect to a tenant picker).
 */
@FunctionalInterface
public interface TenantRejectionHandler {

	/**
	 * Write the answer. The request has not reached the application and has no tenant bound.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param rejection why the request was refused
	 * @throws IOException when writing fails
	 */
	void handle(HttpServletRequest request, HttpServletResponse response, TenantRejection rejection)
			throws IOException;

}
