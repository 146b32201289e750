package io.dotmac.database.entity;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Runs test code as a Spring Security principal, as a request filter would have set it.
 */
final class Auditors {

	private Auditors() {
	}

	static <T> T as(String user, Supplier<T> work) {
		return with(UsernamePasswordAuthenticationToken.authenticated(user, "n/a", List.of()), work);
	}

	static <T> T anonymous(Supplier<T> work) {
		return with(new AnonymousAuthenticationToken("key", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")), work);
	}

	private static <T> T with(Authentication authentication, Supplier<T> work) {
		SecurityContextHolder.getContext().setAuthentication(authentication);
		try {
			return work.get();
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
