package io.dotmac.database.autoconfigure.tenancy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant filter in a real Tomcat, for what only a container does: error dispatches to
 * Spring Boot's error page, and the container's own limits on hostile headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.liquibase.enabled=false")
@DotmacTestServers
class TenantFilterServerTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@BeforeAll
	static void registerTenant(@Autowired TenantRegistry registry) {
		registry.register(TenantId.of("acme"), "Acme Corp");
	}

	@Test
	void errorPageOfATenantRequestRunsForTheTenant() throws Exception {
		HttpResponse<String> response = get("/api/boom", Map.of("X-Tenant-ID", "acme"));
		assertThat(response.statusCode()).isEqualTo(500);
		JsonNode error = json.readTree(response.body());
		assertThat(error.get("tenant").asString()).as("tenant bound on the ERROR dispatch").isEqualTo("acme");
	}

	@Test
	void notFoundOnAnExcludedPathIsStillANotFoundErrorPage() throws Exception {
		HttpResponse<String> response = get("/actuator/nothing-here", Map.of());
		assertThat(response.statusCode()).as("the error dispatch is never refused for a missing tenant")
			.isEqualTo(404);
		assertThat(json.readTree(response.body()).get("tenant").asString()).isEqualTo("none");
	}

	@Test
	void unknownHandlerForATenantIsAnErrorPageForThatTenant() throws Exception {
		HttpResponse<String> response = get("/api/nothing-here", Map.of("X-Tenant-ID", "acme"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(json.readTree(response.body()).get("tenant").asString()).isEqualTo("acme");
	}

	@Test
	void tenantRequestsWorkAndHostileHeadersAre400() throws Exception {
		assertThat(get("/api/whoami", Map.of("X-Tenant-ID", "acme")).body()).isEqualTo("acme");
		HttpResponse<String> injected = get("/api/whoami", Map.of("X-Tenant-ID", "acme' OR '1'='1"));
		assertThat(injected.statusCode()).isEqualTo(400);
		assertThat(injected.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(injected.body()).doesNotContain("OR");
		// Beyond the container's header limit Tomcat itself answers 400; below it, the filter does.
		assertThat(get("/api/whoami", Map.of("X-Tenant-ID", "a".repeat(10 * 1024))).statusCode()).isEqualTo(400);
		assertThat(get("/api/whoami", Map.of("X-Tenant-ID", "a".repeat(4 * 1024))).statusCode()).isEqualTo(400);
		assertThat(get("/api/whoami", Map.of("X-Tenant-ID", "acmé")).statusCode()).isEqualTo(400);
	}

	private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET();
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Api.class)
	static class Application {

		/** Adds the tenant bound while Boot renders its error page. */
		@Bean
		DefaultErrorAttributes errorAttributes() {
			return new DefaultErrorAttributes() {
				@Override
				public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
					Map<String, Object> attributes = super.getErrorAttributes(request, options);
					attributes.put("tenant", TenantContext.current().map(TenantId::value).orElse("none"));
					return attributes;
				}
			};
		}

	}

	@RestController
	static class Api {

		@GetMapping("/api/whoami")
		String whoami() {
			return TenantContext.require().value();
		}

		@GetMapping("/api/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

	}

}
