package io.dotmac.database.entity;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default auditor, from Spring Security's context.
 */
class SecurityAuditorAwareTests {

	private final SecurityAuditorAware auditorAware = new SecurityAuditorAware();

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void authenticatedPrincipalIsTheAuditor() {
		assertThat(Auditors.as("alice", this.auditorAware::getCurrentAuditor)).contains("alice");
	}

	@Test
	void noAuthenticationMeansNoAuditor() {
		assertThat(this.auditorAware.getCurrentAuditor()).isEmpty();
	}

	@Test
	void anonymousMeansNoAuditor() {
		assertThat(Auditors.anonymous(this.auditorAware::getCurrentAuditor)).isEmpty();
	}

	@Test
	void unauthenticatedTokenMeansNoAuditor() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.unauthenticated("mallory", "guess"));
		assertThat(this.auditorAware.getCurrentAuditor()).isEmpty();
	}

	@Test
	void authoritiesDoNotMatter() {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("bob", null, List.of()));
		assertThat(this.auditorAware.getCurrentAuditor()).contains("bob");
	}

}
