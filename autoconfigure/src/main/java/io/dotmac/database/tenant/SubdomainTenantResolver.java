package io.dotmac.database.tenant;

import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Takes the tenant from the host name, as the part in front of a base domain: with base domain
 * {@code app.example.com}, a request to {@code acme.app.example.com} is for tenant
 * {@code acme}.
 * <p>
 * The host is the request's {@link HttpServletRequest#getServerName() server name}, so behind a
 * proxy it follows {@code X-Forwarded-Host} / {@code Forwarded} when the application trusts
 * those headers ({@code server.forward-headers-strategy}). Host names are case-insensitive, so
 * upper case ASCII letters of the host are lower-cased before the tenant is taken from it;
 * this is the only resolver that changes what it found, and it changes nothing else (no Unicode
 * case folding, which would turn the Kelvin sign into a {@code k}). A host that is the base domain itself, or outside it, carries no tenant. A host with
 * more than one label in front of the base domain ({@code a.b.app.example.com}) yields
 * {@code a.b}, which is not a valid tenant id, so the request is refused.
 */
public class SubdomainTenantResolver implements TenantResolver {

	private final String baseDomain;

	private final String suffix;

	/**
	 * Create a resolver.
	 * @param baseDomain the domain under which each tenant has a subdomain, for example
	 * {@code app.example.com}
	 */
	public SubdomainTenantResolver(String baseDomain) {
		Objects.requireNonNull(baseDomain, "baseDomain must not be null");
		String normalized = lowerCaseAscii(baseDomain.trim());
		while (normalized.startsWith(".")) {
			normalized = normalized.substring(1);
		}
		if (normalized.isEmpty() || normalized.endsWith(".")) {
			throw new IllegalArgumentException("baseDomain must be a domain name such as app.example.com");
		}
		this.baseDomain = normalized;
		this.suffix = "." + normalized;
	}

	/**
	 * Return the base domain.
	 * @return the base domain, lower case
	 */
	public String getBaseDomain() {
		return this.baseDomain;
	}

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		String host = request.getServerName();
		if (host == null) {
			return null;
		}
		// A fully qualified host may end with the root dot.
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		String lower = lowerCaseAscii(host);
		if (lower.length() <= this.suffix.length() || !lower.endsWith(this.suffix)) {
			return null;
		}
		return lower.substring(0, lower.length() - this.suffix.length());
	}

	private static String lowerCaseAscii(String text) {
		char[] chars = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				if (chars == null) {
					chars = text.toCharArray();
				}
				chars[i] = (char) (c + ('a' - 'A'));
			}
		}
		return (chars != null) ? new String(chars) : text;
	}

	@Override
	public String toString() {
		return "subdomain of " + this.baseDomain;
	}

}
