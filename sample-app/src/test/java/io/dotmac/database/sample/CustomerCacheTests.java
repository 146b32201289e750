package io.dotmac.database.sample;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import io.dotmac.database.cache.TenantCacheStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/customers/{id}} is cached per tenant in Redis and evicted on update and
 * delete; a customer cached for one tenant is never served to another.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class CustomerCacheTests {

	private static final String ADMIN = "Bearer dev-admin-token";

	@Autowired
	private RestTestClient client;

	@Autowired
	private TenantCacheStore cacheStore;

	private String acme;

	private String globex;

	@BeforeEach
	void provisionTwoTenants() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.acme = "acme-" + suffix;
		this.globex = "globex-" + suffix;
		for (String tenant : new String[] { this.acme, this.globex }) {
			this.client.post().uri("/api/admin/tenants").header("Authorization", ADMIN)
				.contentType(MediaType.APPLICATION_JSON).body(Map.of("id", tenant, "name", tenant.toUpperCase()))
				.exchange()
				.expectStatus().isCreated();
		}
	}

	@Test
	void readsAreCachedAndUpdatesAndDeletesEvict() {
		String id = create(this.acme, "Ada Lovelace", "ada@example.com");
		long hitsBefore = hits();
		getName(this.acme, id, "Ada Lovelace");
		getName(this.acme, id, "Ada Lovelace");
		assertThat(hits()).isEqualTo(hitsBefore + 1);

		this.client.put().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "Ada King", "email", "ada@example.com"))
			.exchange()
			.expectStatus().isOk();
		getName(this.acme, id, "Ada King");

		this.client.delete().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isNoContent();
		this.client.get().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void aCustomerCachedForOneTenantIsNeverServedToAnother() {
		String id = create(this.acme, "Ada Lovelace", "ada@example.com");
		getName(this.acme, id, "Ada Lovelace");
		getName(this.acme, id, "Ada Lovelace");
		this.client.get().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.globex).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void theActuatorReportsCacheStatistics() {
		String id = create(this.acme, "Ada Lovelace", "ada@example.com");
		getName(this.acme, id, "Ada Lovelace");
		getName(this.acme, id, "Ada Lovelace");
		this.client.get().uri("/actuator/tenantcaches").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.circuit.state").isEqualTo("CLOSED")
			.jsonPath("$.caches.customers.hits").isNotEmpty()
			.jsonPath("$.tenants['%s'].hits".formatted(this.acme)).isNotEmpty();
		this.client.get().uri("/actuator/metrics/dotmac.cache.gets?tag=cache:customers").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.measurements[0].value").isNotEmpty();
		this.client.get().uri("/actuator/health/tenantCache").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	private long hits() {
		return this.cacheStore.statistics().cacheSnapshot("customers").hits();
	}

	private void getName(String tenant, String id, String name) {
		this.client.get().uri("/api/customers/{id}", id).header("X-Tenant-ID", tenant).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.name").isEqualTo(name);
	}

	private String create(String tenant, String name, String email) {
		return this.client.post().uri("/api/customers").header("X-Tenant-ID", tenant)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("name", name, "email", email))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
	}

}
