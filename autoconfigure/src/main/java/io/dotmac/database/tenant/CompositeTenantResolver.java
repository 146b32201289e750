package io.dotmac.database.tenant;

import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Asks several resolvers in order and takes the first answer: the first resolver that finds
 * anything in the request decides, even when what it found is malformed (the request is then
 * refused, not resolved by a later resolver).
 * <p>
 * Order matters for security: a resolver earlier in the chain lets the caller choose the
 * tenant through its channel. Resolving a tenant is not authorizing it; when a caller must
 * only reach its own tenant, put the authenticated source (the JWT claim) first, or check
 * membership in the application.
 */
public class CompositeTenantResolver implements TenantResolver {

	private final TenantResolver[] resolvers;

	/**
	 * Create a chain.
	 * @param resolvers the resolvers, in the order they are asked
	 */
	public CompositeTenantResolver(List<? extends TenantResolver> resolvers) {
		Objects.requireNonNull(resolvers, "resolvers must not be null");
		if (resolvers.isEmpty()) {
			throw new IllegalArgumentException("A tenant resolver chain needs at least one resolver");
		}
		this.resolvers = resolvers.toArray(new TenantResolver[0]);
		for (TenantResolver resolver : this.resolvers) {
			Objects.requireNonNull(resolver, "resolvers must not contain null");
		}
	}

	/**
	 * Create a chain.
	 * @param resolvers the resolvers, in the order they are asked
	 */
	public CompositeTenantResolver(TenantResolver... resolvers) {
		this(List.of(resolvers));
	}

	/**
	 * Return the resolvers, in the order they are asked.
	 * @return the resolvers
	 */
	public List<TenantResolver> getResolvers() {
		return List.of(this.resolvers);
	}

	@Override
	public @Nullable String resolve(HttpServletRequest request) {
		for (TenantResolver resolver : this.resolvers) {
			String tenant = resolver.resolve(request);
			if (tenant != null) {
				return tenant;
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return "first of " + List.of(this.resolvers);
	}

}
