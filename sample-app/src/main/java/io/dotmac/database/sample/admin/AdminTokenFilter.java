package io.dotmac.database.sample.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /api/admin/**} with a static bearer token, compared in constant time. A demo's
 * guard: a real deployment puts Spring Security's resource server here.
 */
class AdminTokenFilter extends OncePerRequestFilter {

	private static final String PREFIX = "Bearer ";

	private final byte[] expected;

	AdminTokenFilter(String token) {
		this.expected = (token == null) ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isAuthorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
				+ "\"detail\":\"The admin API needs the bearer token configured in sample.admin-token\"}");
	}

	private boolean isAuthorized(String header) {
		if (this.expected.length == 0 || header == null || !header.startsWith(PREFIX)) {
			return false;
		}
		byte[] presented = header.substring(PREFIX.length()).getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(this.expected, presented);
	}

}
