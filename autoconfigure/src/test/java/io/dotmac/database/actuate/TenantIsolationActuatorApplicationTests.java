package io.dotmac.database.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.actuate.web.ServletManagementContextAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.actuate.endpoint.web.WebMvcHealthEndpointExtensionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import io.dotmac.database.autoconfigure.IsolationAuditAutoConfiguration;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.TenantTableSql;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running web application with actuator: what an operator gets from
 * {@code /actuator/tenantisolation} and {@code /actuator/health}, before and after running
 * the fix statements the endpoint hands out.
 */
@DotmacTestServers
class TenantIsolationActuatorApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void endpointAndHealthReportViolationsUntilTheFixesRun(TestDatabase database) throws Exception {
		TenantTableSql.execute(database.ownerDataSource(),
				List.of("CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id varchar(48) NOT NULL)",
						"GRANT SELECT ON customers TO " + database.appUsername()));
		try (ConfigurableApplicationContext context = run(database)) {
			String base = "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort()
					+ "/actuator";

			HttpResponse<String> report = get(base + "/tenantisolation");
			assertThat(report.statusCode()).isEqualTo(200);
			JsonNode body = this.json.readTree(report.body());
			assertThat(body.get("status").asString()).isEqualTo("VIOLATIONS");
			assertThat(body.get("role").asString()).isEqualTo(database.appUsername());
			assertThat(body.get("schemas").get(0).asString()).isEqualTo("public");
			assertThat(body.get("tenantTables").get(0).asString()).isEqualTo("public.customers");
			assertThat(body.get("violations").asInt()).isEqualTo(2);
			assertThat(body.get("warnings").asInt()).isEqualTo(1);
			assertThat(body.get("auditedAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
			JsonNode first = body.get("findings").get(0);
			assertThat(first.get("severity").asString()).isEqualTo("ERROR");
			assertThat(first.get("check").asString()).isEqualTo("RLS_DISABLED");
			assertThat(first.get("subject").asString()).isEqualTo("public.customers");
			assertThat(first.get("problem").asString()).startsWith("Row-Level Security is not enabled");
			assertThat(first.get("fix").asString()).startsWith("ALTER TABLE public.customers ENABLE ROW LEVEL SECURITY;");

			HttpResponse<String> component = get(base + "/health/tenantIsolation");
			assertThat(component.statusCode()).isEqualTo(503);
			JsonNode health = this.json.readTree(component.body());
			assertThat(health.get("status").asString()).isEqualTo("DOWN");
			assertThat(health.get("details").get("role").asString()).isEqualTo(database.appUsername());
			assertThat(health.get("details").get("tenantTables").asInt()).isEqualTo(1);
			assertThat(health.get("details").get("violations").get(0).asString())
				.startsWith("RLS_DISABLED public.customers: Row-Level Security is not enabled");
			assertThat(health.get("details").get("warnings").get(0).asString())
				.startsWith("NO_TENANT_INDEX public.customers:");
			assertThat(get(base + "/health").statusCode()).isEqualTo(503);

			// An operator runs what the endpoint hands out...
			for (JsonNode finding : body.get("findings")) {
				TenantTableSql.execute(database.ownerDataSource(),
						TenantTableSql.statements(finding.get("fix").asString()));
			}
			// ...and both turn green without a restart.
			JsonNode fixed = this.json.readTree(get(base + "/tenantisolation").body());
			assertThat(fixed.get("status").asString()).isEqualTo("ENFORCED");
			assertThat(fixed.get("findings")).isEmpty();
			HttpResponse<String> healthy = get(base + "/health/tenantIsolation");
			assertThat(healthy.statusCode()).isEqualTo(200);
			assertThat(this.json.readTree(healthy.body()).get("status").asString()).isEqualTo("UP");
		}
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext run(TestDatabase database) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		return application.run("--spring.main.banner-mode=off", "--server.port=0",
				"--spring.datasource.url=" + database.jdbcUrl(),
				"--spring.datasource.username=" + database.appUsername(),
				"--spring.datasource.password=" + database.appPassword(),
				// Running despite the violation is what lets the endpoint and health show it.
				"--dotmac.database.rls.audit.fail-on-violation=false",
				"--management.endpoints.web.exposure.include=health,tenantisolation",
				"--management.endpoint.health.show-details=always");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, IsolationAuditAutoConfiguration.class,
			TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
			WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
			JacksonAutoConfiguration.class, EndpointAutoConfiguration.class, JacksonEndpointAutoConfiguration.class,
			WebEndpointAutoConfiguration.class, ManagementContextAutoConfiguration.class,
			ServletManagementContextAutoConfiguration.class, HealthContributorAutoConfiguration.class,
			HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
			WebMvcHealthEndpointExtensionAutoConfiguration.class })
	static class Application {

	}

}
