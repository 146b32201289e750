package io.dotmac.database.tenant;

import java.security.Principal;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.util.StringUtils;

/**
 * Takes the tenant from a claim of the bearer token that Spring Security's OAuth2 resource
 * server authenticated: a JWT ({@code JwtAuthenticationToken}) or an introspected opaque token
 * ({@code BearerTokenAuthentication}). Needs {@code spring-security-oauth2-resource-server}.
 * <p>
 * The authentication is read from the request ({@link HttpServletRequest#getUserPrincipal()},
 * which Spring Security's servlet API integration fills), falling back to the
 * {@link SecurityContextHolder}; either way the request filter must run after Spring Security's
 * filter chain, which the auto-configuration arranges. Requests without such an authentication,
 * or whose token lacks the claim, carry no tenant. A claim that is not a string (a number, a
 * list) is returned as text and so refused unless it happens to be a valid id.
 * <p>
 * Unlike a header, the claim was issued by the authorization server and cannot be chosen by
 * the caller.
 */
public class JwtClaimTenantResolver implements TenantResolver {

	/** The default claim. */
	public static final String DEFAULT_CLAIM = "tenant_id";

	private final String claim;

	/** Create a resolver for the {@value #DEFAULT_CLAIM} claim. */
	public JwtClaimTenantResolver() {
		this(DEFAULT_CLAIM);
	}

	/**
	 * Create a resolver.
	 * @param claim the claim that carries the tenant
	 */
	public JwtClaimTenantResolver(String claim) {
		Objects.requireNonNull(claim, "claim must not be null");
		if (!StringUtils.hasText(claim)) {
			throw new IllegalArgumentException("claim must not be blank");
		}
		this.claim = claim;
	}

	/**
	 * Return the claim that carries the tenant.
	 * @return the claim name
	 */
	public String getClaim() {
		return this.claim;
	}

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		AbstractOAuth2TokenAuthenticationToken<?> token = token(request.getUserPrincipal());
		if (token == null) {
			token = token(SecurityContextHolder.getContext().getAuthentication());
		}
		if (token == null || !token.isAuthenticated()) {
			return null;
		}
		Object value = token.getTokenAttributes().get(this.claim);
		return (value != null) ? value.toString() : null;
	}

	private static @Nullable AbstractOAuth2TokenAuthenticationToken<?> token(@Nullable Principal principal) {
		return (principal instanceof AbstractOAuth2TokenAuthenticationToken<?> token) ? token : null;
	}

	@Override
	public String toString() {
		return "JWT claim " + this.claim;
	}

}
