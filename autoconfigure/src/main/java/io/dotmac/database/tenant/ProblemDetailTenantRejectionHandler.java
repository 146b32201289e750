package io.dotmac.database.tenant;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Answers a refused request with RFC 9457 problem details ({@code application/problem+json}),
 * built as Spring's {@link ProblemDetail}:
 * <pre>{@code
 * HTTP/1.1 400 Bad Request
 * Content-Type: application/problem+json
 *
 * {"type":"about:blank","title":"Bad Request","status":400,
 *  "detail":"The tenant id is malformed; a tenant id matches [a-z0-9][a-z0-9_-]{0,47}.",
 *  "code":"tenant-malformed"}
 * }</pre>
 * The body never repeats anything the client sent (not the tenant text, not the path), so
 * hostile input cannot be reflected, and an unknown tenant and a suspended one get
 * byte-for-byte the same answer. Override {@link #createProblemDetail} to add members.
 * <p>
 * The body is written directly rather than through the application's message converters: the
 * request never reached Spring MVC, and the answer must not depend on the application's JSON
 * set-up.
 */
public class ProblemDetailTenantRejectionHandler implements TenantRejectionHandler {

	/** Name of the extension member that carries {@link TenantRejection#code()}. */
	public static final String CODE_PROPERTY = "code";

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, TenantRejection rejection)
			throws IOException {
		ProblemDetail problem = createProblemDetail(request, rejection);
		byte[] body = toJson(problem).getBytes(StandardCharsets.UTF_8);
		response.resetBuffer();
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setContentLength(body.length);
		OutputStream out = response.getOutputStream();
		out.write(body);
		out.flush();
	}

	/**
	 * Create the problem details for a rejection. Whatever is added must not come from the
	 * request unless it has been validated.
	 * @param request the request
	 * @param rejection why it was refused
	 * @return the problem details
	 */
	protected ProblemDetail createProblemDetail(HttpServletRequest request, TenantRejection rejection) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(rejection.status(), rejection.detail());
		problem.setProperty(CODE_PROPERTY, rejection.code());
		return problem;
	}

	static String toJson(ProblemDetail problem) {
		StringBuilder json = new StringBuilder(192).append('{');
		URI type = problem.getType();
		// RFC 9457: an absent type means about:blank; say so, for clients that look for it.
		member(json, "type", (type != null) ? type.toString() : "about:blank");
		member(json, "title", problem.getTitle());
		json.append(",\"status\":").append(problem.getStatus());
		member(json, "detail", problem.getDetail());
		URI instance = problem.getInstance();
		if (instance != null) {
			member(json, "instance", instance.toString());
		}
		Map<String, @Nullable Object> properties = problem.getProperties();
		if (properties != null) {
			properties.forEach((name, value) -> {
				if (value instanceof Number || value instanceof Boolean) {
					json.append(',');
					string(json, name);
					json.append(':').append(value);
				}
				else {
					member(json, name, (value != null) ? value.toString() : null);
				}
			});
		}
		return json.append('}').toString();
	}

	private static void member(StringBuilder json, String name, @Nullable String value) {
		if (value == null) {
			return;
		}
		if (json.length() > 1) {
			json.append(',');
		}
		string(json, name);
		json.append(':');
		string(json, value);
	}

	// JSON string with every character that JSON or an HTML sniffer could trip on escaped.
	private static void string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029' || c > 0x7e) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
