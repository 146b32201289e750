package io.dotmac.database.tenant;

import org.springframework.http.HttpStatus;

/**
 * Why the {@link TenantFilter} refused a request.
 */
public enum TenantRejection {

	/** The request must name a tenant and names none: 400. */
	MISSING(HttpStatus.BAD_REQUEST, "tenant-missing", "This request must identify its tenant."),

	/** The request names a tenant with text that is not a valid tenant id: 400. */
	MALFORMED(HttpStatus.BAD_REQUEST, "tenant-malformed",
			"The tenant id is malformed; a tenant id matches " + TenantId.PATTERN + "."),

	/**
	 * The tenant is not registered, or is suspended: 404. Both cases look exactly the same, so
	 * that a caller cannot learn whether a tenant exists.
	 */
	UNKNOWN(HttpStatus.NOT_FOUND, "tenant-unknown", "No such tenant.");

	private final HttpStatus status;

	private final String code;

	private final String detail;

	TenantRejection(HttpStatus status, String code, String detail) {
		this.status = status;
		this.code = code;
		this.detail = detail;
	}

	/**
	 * Return the HTTP status of the answer.
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

	/**
	 * Return a stable, machine-readable code for the rejection, sent as the {@code code}
	 * member of the problem details.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

	/**
	 * Return the explanation sent to the client. It never contains anything from the request.
	 * @return the detail
	 */
	public String detail() {
		return this.detail;
	}

}
