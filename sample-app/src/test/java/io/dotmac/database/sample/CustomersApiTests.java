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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customers API end to end, on the embedded dev services exactly as the sample runs: two
 * tenants, provisioned through the admin API, never see or touch each other's customers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class CustomersApiTests {

	protected static final String ADMIN = "Bearer dev-admin-token";

	@Autowired
	protected RestTestClient client;

	@Autowired
	protected JdbcTemplate jdbc;

	protected String acme;

	protected String globex;

	@BeforeEach
	void provisionTwoTenants() {
		// Fresh tenants per test: the application context (and its database) is shared.
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		this.acme = "acme-" + suffix;
		this.globex = "globex-" + suffix;
		for (String tenant : new String[] { this.acme, this.globex }) {
			this.client.post().uri("/api/admin/tenants").header("Authorization", ADMIN)
				.contentType(MediaType.APPLICATION_JSON).body(Map.of("id", tenant, "name", tenant.toUpperCase()))
				.exchange()
				.expectStatus().isCreated()
				.expectBody().jsonPath("$.id").isEqualTo(tenant).jsonPath("$.status").isEqualTo("ACTIVE");
		}
	}

	@Test
	void customerLifecycleForOneTenant() {
		String id = create(this.acme, "Ada Lovelace", "ada@example.com");
		this.client.get().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.name").isEqualTo("Ada Lovelace")
			.jsonPath("$.email").isEqualTo("ada@example.com")
			.jsonPath("$.createdBy").isEqualTo("ada-admin")
			.jsonPath("$.createdAt").isNotEmpty();

		this.client.put().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme).header("X-User", "bob")
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "Ada King", "email", "ada@example.com"))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.name").isEqualTo("Ada King").jsonPath("$.updatedBy").isEqualTo("bob")
			.jsonPath("$.createdBy").isEqualTo("ada-admin");

		this.client.get().uri("/api/customers").header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].id").isEqualTo(id);

		this.client.delete().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isNoContent();
		this.client.get().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isNotFound();
		this.client.get().uri("/api/customers").header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
		assertTenantlessWorkSeesNoCustomer(id);
	}

	/** A tenant-less connection sees no tenant rows at all. */
	protected void assertTenantlessWorkSeesNoCustomer(String id) {
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM customers WHERE id = ?::uuid", Long.class, id))
			.as("a tenant-less connection sees no tenant rows at all").isZero();
	}

	@Test
	void anotherTenantCanNeitherSeeNorChangeNorDelete() {
		String id = create(this.acme, "Ada Lovelace", "ada@example.com");
		this.client.get().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.globex).exchange()
			.expectStatus().isNotFound();
		this.client.get().uri("/api/customers").header("X-Tenant-ID", this.globex).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
		this.client.put().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.globex)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "Mallory", "email", "mallory@example.com"))
			.exchange()
			.expectStatus().isNotFound();
		this.client.delete().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.globex).exchange()
			.expectStatus().isNotFound();
		this.client.get().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Ada Lovelace");
	}

	@Test
	void emailIsUniquePerTenantAmongLiveCustomers() {
		String first = create(this.acme, "Ada", "ada@example.com");
		this.client.post().uri("/api/customers").header("X-Tenant-ID", this.acme)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "Ada again", "email", "ADA@example.com"))
			.exchange()
			.expectStatus().isEqualTo(409);
		create(this.globex, "Other Ada", "ada@example.com");
		this.client.delete().uri("/api/customers/{id}", first).header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isNoContent();
		create(this.acme, "Ada reborn", "ada@example.com");
	}

	@Test
	void badTenantsAreRefusedBeforeAnySql() {
		this.client.get().uri("/api/customers").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.client.get().uri("/api/customers").header("X-Tenant-ID", "acme' OR '1'='1").exchange()
			.expectStatus().isBadRequest();
		this.client.get().uri("/api/customers").header("X-Tenant-ID", "x".repeat(10_000)).exchange()
			.expectStatus().isBadRequest();
		this.client.get().uri("/api/customers").header("X-Tenant-ID", "no-such-tenant-" + this.acme).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void invalidCustomersAreRefused() {
		this.client.post().uri("/api/customers").header("X-Tenant-ID", this.acme)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "", "email", "not-an-email"))
			.exchange()
			.expectStatus().isBadRequest();
	}

	@Test
	void adminApiNeedsTheTokenAndValidatesTenantIds() {
		this.client.get().uri("/api/admin/tenants").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/api/admin/tenants").header("Authorization", "Bearer wrong").exchange()
			.expectStatus().isUnauthorized();
		this.client.get().uri("/api/admin/tenants").header("Authorization", ADMIN).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$[?(@.id == '%s')]".formatted(this.acme)).exists();
		this.client.post().uri("/api/admin/tenants").header("Authorization", ADMIN)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("id", "Not Valid!", "name", "x"))
			.exchange()
			.expectStatus().isBadRequest();
		this.client.post().uri("/api/admin/tenants").header("Authorization", ADMIN)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("id", this.acme, "name", "again"))
			.exchange()
			.expectStatus().isEqualTo(409);
	}

	@Test
	void tenantsAreSuspendedResumedAndDeletedWithTheirData() {
		String id = create(this.acme, "Ada", "ada@example.com");
		admin("/api/admin/tenants/{id}/suspend", this.acme).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("SUSPENDED");
		this.client.get().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isNotFound();
		admin("/api/admin/tenants/{id}/resume", this.acme).expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
		this.client.get().uri("/api/customers/{id}", id).header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isOk();
		// Deleting needs a suspended tenant and its id as confirmation.
		this.client.delete().uri("/api/admin/tenants/{id}?confirm={id}", this.acme, this.acme)
			.header("Authorization", ADMIN).exchange().expectStatus().isEqualTo(409);
		admin("/api/admin/tenants/{id}/suspend", this.acme).expectStatus().isOk();
		this.client.delete().uri("/api/admin/tenants/{id}?confirm=oops", this.acme)
			.header("Authorization", ADMIN).exchange().expectStatus().isBadRequest();
		this.client.delete().uri("/api/admin/tenants/{id}?confirm={id}", this.acme, this.acme)
			.header("Authorization", ADMIN).exchange().expectStatus().isNoContent();
		this.client.get().uri("/api/customers").header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isNotFound();
		// Created again under the same id, the tenant starts empty.
		this.client.post().uri("/api/admin/tenants").header("Authorization", ADMIN)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("id", this.acme, "name", "Reborn"))
			.exchange().expectStatus().isCreated();
		this.client.get().uri("/api/customers").header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
	}

	private RestTestClient.ResponseSpec admin(String path, String tenant) {
		return this.client.post().uri(path, tenant).header("Authorization", ADMIN).exchange();
	}

	protected String create(String tenant, String name, String email) {
		return this.client.post().uri("/api/customers").header("X-Tenant-ID", tenant).header("X-User", "ada-admin")
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("name", name, "email", email))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
	}

}
