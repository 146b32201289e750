package io.dotmac.database.tenant;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Every built-in resolver, and a chain of them, against the shared {@link TenantResolverContract}.
 */
class BuiltInTenantResolverContractTests {

	static MockHttpServletRequest get(String uri) {
		return new MockHttpServletRequest("GET", uri);
	}

	/** Percent-encodes everything but unreserved characters, so the text is one whole segment. */
	static String encodeSegment(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(String.format("%02X", b & 0xff));
			}
		}
		return encoded.toString();
	}

	@Nested
	class Header extends TenantResolverContract {

		private final HeaderTenantResolver resolver = new HeaderTenantResolver("X-Tenant-ID");

		@Override
		protected Case carrying(String text) {
			MockHttpServletRequest request = get("/api/customers");
			request.addHeader("X-Tenant-ID", text);
			return new Case(this.resolver, request);
		}

		@Override
		protected Case carryingNothing() {
			MockHttpServletRequest request = get("/api/customers");
			request.addHeader("X-Other", "acme");
			return new Case(this.resolver, request);
		}

	}

	@Nested
	class Subdomain extends TenantResolverContract {

		private final SubdomainTenantResolver resolver = new SubdomainTenantResolver("app.example.com");

		@Override
		protected Case carrying(String text) {
			MockHttpServletRequest request = get("/api/customers");
			request.setServerName(text + ".app.example.com");
			return new Case(this.resolver, request);
		}

		@Override
		protected Case carryingNothing() {
			MockHttpServletRequest request = get("/api/customers");
			request.setServerName("app.example.com");
			return new Case(this.resolver, request);
		}

		@Override
		protected @Nullable String expected(String text) {
			if (text.isEmpty()) {
				return null;
			}
			StringBuilder lower = new StringBuilder(text.length());
			for (char c : text.toCharArray()) {
				lower.append((c >= 'A' && c <= 'Z') ? (char) (c + 32) : c);
			}
			return lower.toString();
		}

	}

	@Nested
	class PathPattern extends TenantResolverContract {

		private final PathTenantResolver resolver = PathTenantResolver.ofPattern("/t/{tenant}/**");

		@Override
		protected Case carrying(String text) {
			return new Case(this.resolver, get("/t/" + encodeSegment(text) + "/customers"));
		}

		@Override
		protected Case carryingNothing() {
			return new Case(this.resolver, get("/api/customers"));
		}

		@Override
		protected @Nullable String expected(String text) {
			return text.isEmpty() ? null : text;
		}

	}

	@Nested
	class PathSegmentIndex extends TenantResolverContract {

		private final PathTenantResolver resolver = PathTenantResolver.ofSegmentIndex(1);

		@Override
		protected Case carrying(String text) {
			return new Case(this.resolver, get("/api/" + encodeSegment(text) + "/customers"));
		}

		@Override
		protected Case carryingNothing() {
			return new Case(this.resolver, get("/api"));
		}

	}

	@Nested
	class JwtClaim extends TenantResolverContract {

		private final JwtClaimTenantResolver resolver = new JwtClaimTenantResolver("tenant_id");

		@Override
		protected Case carrying(String text) {
			Jwt jwt = Jwt.withTokenValue("token").header("alg", "HS256").subject("alice").claim("tenant_id", text).build();
			MockHttpServletRequest request = get("/api/customers");
			request.setUserPrincipal(new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES));
			return new Case(this.resolver, request);
		}

		@Override
		protected Case carryingNothing() {
			Jwt jwt = Jwt.withTokenValue("token").header("alg", "HS256").subject("alice").build();
			MockHttpServletRequest request = get("/api/customers");
			request.setUserPrincipal(new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES));
			return new Case(this.resolver, request);
		}

	}

	@Nested
	class Fixed extends TenantResolverContract {

		@Override
		protected @Nullable Case carrying(String text) {
			// Only a valid id can be configured; anything else fails at start-up.
			return TenantId.isValid(text) ? new Case(new FixedTenantResolver(TenantId.of(text)), get("/")) : null;
		}

		@Override
		protected @Nullable Case carryingNothing() {
			return null;
		}

	}

	@Nested
	class Composite extends TenantResolverContract {

		private final CompositeTenantResolver resolver = new CompositeTenantResolver(
				List.of(new HeaderTenantResolver("X-Tenant-ID"), PathTenantResolver.ofPattern("/t/{tenant}/**")));

		@Override
		protected Case carrying(String text) {
			MockHttpServletRequest request = get("/api/customers");
			request.addHeader("X-Tenant-ID", text);
			return new Case(this.resolver, request);
		}

		@Override
		protected Case carryingNothing() {
			return new Case(this.resolver, get("/api/customers"));
		}

	}

}
