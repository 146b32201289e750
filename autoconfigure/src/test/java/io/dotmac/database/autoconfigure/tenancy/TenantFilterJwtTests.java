package io.dotmac.database.autoconfigure.tenancy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantFilter;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The JWT claim resolver behind a real Spring Security resource server that verifies signed
 * tokens: the tenant filter runs after the security filter chain, so it sees the
 * authentication, and unauthenticated requests are refused before their tenant is looked up.
 * <p>
 * Spring Boot's security auto-configuration is not on this module's test class path (it would
 * lock every other web test behind a login), so the security filter is registered here as
 * Boot registers it: as {@code springSecurityFilterChain} at order -100.
 */
@SpringBootTest(properties = { "dotmac.database.tenancy.resolvers=jwt,header", "spring.liquibase.enabled=false" })
@AutoConfigureMockMvc
@DotmacTestServers
class TenantFilterJwtTests {

	private static final SecretKey KEY = new SecretKeySpec(
			"a-test-only-hmac-key-of-at-least-256-bits!!".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	@Autowired
	private MockMvc mvc;

	@BeforeAll
	static void registerTenants(@Autowired TenantRegistry registry) {
		registry.register(TenantId.of("acme"), "Acme Corp");
		registry.register(TenantId.of("globex"), "Globex");
		registry.register(TenantId.of("umbrella"), "Umbrella");
		registry.suspend(TenantId.of("umbrella"));
	}

	@Test
	void tenantComesFromTheVerifiedClaim() throws Exception {
		this.mvc.perform(get("/api/whoami").header("Authorization", bearer(Map.of("tenant_id", "acme"))))
			.andExpect(status().isOk())
			.andExpect(content().string("acme"));
	}

	@Test
	void claimComesBeforeTheHeaderInTheChain() throws Exception {
		this.mvc.perform(get("/api/whoami").header("Authorization", bearer(Map.of("tenant_id", "acme")))
			.header("X-Tenant-ID", "globex")).andExpect(status().isOk()).andExpect(content().string("acme"));
		this.mvc.perform(get("/api/whoami").header("Authorization", bearer(Map.of())).header("X-Tenant-ID", "globex"))
			.andExpect(status().isOk())
			.andExpect(content().string("globex"));
	}

	@Test
	void unauthenticatedRequestIsRefusedBySecurityFirst() throws Exception {
		this.mvc.perform(get("/api/whoami").header("X-Tenant-ID", "acme")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/whoami").header("Authorization", "Bearer not-a-token"))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void malformedSuspendedAndMissingClaimsAreRefused() throws Exception {
		this.mvc.perform(get("/api/whoami").header("Authorization", bearer(Map.of("tenant_id", "acme' OR '1'='1"))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("tenant-malformed"));
		this.mvc.perform(get("/api/whoami").header("Authorization", bearer(Map.of("tenant_id", 42))))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/api/whoami").header("Authorization", bearer(Map.of("tenant_id", "umbrella"))))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("tenant-unknown"));
		this.mvc.perform(get("/api/whoami").header("Authorization", bearer(Map.of())))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("tenant-missing"));
	}

	@Test
	void tenantFilterIsOrderedAfterSpringSecurity(@Autowired FilterRegistrationBean<TenantFilter> tenantFilter,
			@Autowired DelegatingFilterProxyRegistrationBean securityFilter) {
		assertThat(tenantFilter.getOrder()).isGreaterThan(securityFilter.getOrder()).isEqualTo(-90);
	}

	private static String bearer(Map<String, Object> claims) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder set = JwtClaimsSet.builder().subject("alice").issuedAt(now).expiresAt(now.plusSeconds(600));
		claims.forEach(set::claim);
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(KEY));
		String token = encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), set.build()))
			.getTokenValue();
		return "Bearer " + token;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableWebSecurity
	@Import(Api.class)
	static class Application {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults()))
				.csrf(AbstractHttpConfigurer::disable)
				.build();
		}

		@Bean
		JwtDecoder jwtDecoder() {
			return NimbusJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build();
		}

		/** What Spring Boot's security auto-configuration registers. */
		@Bean
		DelegatingFilterProxyRegistrationBean securityFilterChainRegistration() {
			DelegatingFilterProxyRegistrationBean registration = new DelegatingFilterProxyRegistrationBean(
					"springSecurityFilterChain");
			registration.setOrder(-100);
			return registration;
		}

	}

	@RestController
	static class Api {

		@GetMapping("/api/whoami")
		String whoami() {
			return TenantContext.require().value();
		}

	}

}
