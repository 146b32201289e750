package io.dotmac.database.entity;

import java.util.Optional;

import org.springframework.data.domain.AuditorAware;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The auditor for {@link Audited} entities: the name of the principal Spring Security has
 * authenticated on the current thread. Anonymous or unauthenticated work has no auditor, so
 * {@code created_by} and {@code updated_by} stay {@code NULL} for it rather than recording
 * {@code anonymousUser}.
 * <p>
 * The dotmac auto-configuration registers it when Spring Security is on the class path and
 * the application has no {@link AuditorAware} bean of its own.
 */
public class SecurityAuditorAware implements AuditorAware<String> {

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	@Override
	public Optional<String> getCurrentAuditor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| this.trustResolver.isAnonymous(authentication)) {
			return Optional.empty();
		}
		return Optional.ofNullable(authentication.getName()).filter((name) -> !name.isBlank());
	}

}
