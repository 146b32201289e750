package io.dotmac.database.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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
import org.springframework.boot.servlet.autoconfigure.actuate.web.ServletManagementContextAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.actuate.endpoint.web.WebMvcHealthEndpointExtensionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.dotmac.database.autoconfigure.MigrationEndpointAutoConfiguration;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.TenantMigrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running web application with actuator: what an operator gets from
 * {@code /actuator/migrations} (paging, the state filter, one tenant) and from
 * {@code /actuator/health/tenantMigrations} over HTTP, as JSON.
 */
class TenantMigrationsActuatorApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void summaryPagesTenantsAndHealthNamesTheFailure() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			String base = "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort()
					+ "/actuator";

			HttpResponse<String> summary = get(base + "/migrations?limit=2");
			assertThat(summary.statusCode()).isEqualTo(200);
			JsonNode body = this.json.readTree(summary.body());
			assertThat(body.get("unitCount").asInt()).isEqualTo(4);
			assertThat(body.get("tenantCount").asInt()).isEqualTo(3);
			assertThat(body.get("states").get("UP_TO_DATE").asInt()).isEqualTo(2);
			assertThat(body.get("states").get("FAILED").asInt()).isEqualTo(1);
			assertThat(body.get("shared").get(0).get("schema").asString()).isEqualTo("public");
			assertThat(body.get("page").get("total").asInt()).isEqualTo(3);
			assertThat(body.get("tenants")).hasSize(2);
			assertThat(body.get("tenants").get(0).get("tenant").asString()).isEqualTo("acme");

			JsonNode failed = this.json.readTree(get(base + "/migrations?state=failed").body());
			assertThat(failed.get("tenants")).hasSize(1);
			JsonNode unit = failed.get("tenants").get(0).get("units").get(0);
			assertThat(unit.get("schema").asString()).isEqualTo("tenant_globex");
			assertThat(unit.get("lastError").asString()).isEqualTo("lock timeout");
			assertThat(unit.get("lastDurationMillis").asLong()).isEqualTo(42);
			assertThat(unit.get("current").asString()).isEqualTo("db/tenant.xml::002-orders::dev");

			assertThat(get(base + "/migrations?limit=100000").statusCode()).isEqualTo(400);
			assertThat(get(base + "/migrations?state=sideways").statusCode()).isEqualTo(400);

			HttpResponse<String> tenant = get(base + "/migrations/initech");
			assertThat(tenant.statusCode()).isEqualTo(200);
			JsonNode initech = this.json.readTree(tenant.body());
			assertThat(initech.get("state").asString()).isEqualTo("PENDING");
			assertThat(initech.get("units").get(0).get("pending").asInt()).isEqualTo(3);
			assertThat(get(base + "/migrations/nobody").statusCode()).isEqualTo(404);

			HttpResponse<String> health = get(base + "/health/tenantMigrations");
			assertThat(health.statusCode()).isEqualTo(503);
			JsonNode details = this.json.readTree(health.body()).get("details");
			assertThat(details.get("failed").get(0).asString())
				.isEqualTo("app/tenant in schema 'tenant_globex' (tenant globex): lock timeout");
			assertThat(details.get("lagging").get(0).asString())
				.isEqualTo("app/tenant in schema 'tenant_initech' (tenant initech): 3 changesets pending");
		}
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext run() {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		return application.run("--spring.main.banner-mode=off", "--server.port=0",
				"--management.endpoints.web.exposure.include=health,migrations",
				"--management.endpoint.health.show-details=always");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ MigrationEndpointAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
			DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
			HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
			EndpointAutoConfiguration.class, JacksonEndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
			ManagementContextAutoConfiguration.class, ServletManagementContextAutoConfiguration.class,
			HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
			HealthEndpointAutoConfiguration.class, WebMvcHealthEndpointExtensionAutoConfiguration.class })
	static class Application {

		@Bean
		TenantMigrations tenantMigrations() {
			return new FixedTenantMigrations().shared(MigrationState.UP_TO_DATE)
				.tenant("acme", MigrationState.UP_TO_DATE, null)
				.tenant("globex", MigrationState.FAILED, "lock timeout")
				.tenant("initech", MigrationState.PENDING, null);
		}

	}

}
