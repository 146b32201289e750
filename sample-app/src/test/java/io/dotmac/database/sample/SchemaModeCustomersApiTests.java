package io.dotmac.database.sample;

import org.junit.jupiter.api.Test;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The same customers and admin API with one property changed,
 * {@code dotmac.database.tenancy.strategy=schema}: every tenant provisioned through the admin
 * API gets a schema of its own, and every test of {@link CustomersApiTests} must still pass.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "dotmac.database.tenancy.strategy=schema")
@AutoConfigureRestTestClient
class SchemaModeCustomersApiTests extends CustomersApiTests {

	/** Without a tenant, the customers table is not even on the search path. */
	@Override
	protected void assertTenantlessWorkSeesNoCustomer(String id) {
		assertThatException()
			.isThrownBy(() -> this.jdbc.queryForObject("SELECT count(*) FROM customers WHERE id = ?::uuid", Long.class,
					id))
			.havingRootCause()
			.withMessageContaining("relation \"customers\" does not exist");
	}

	@Test
	void eachTenantHasASchemaOfItsOwn() {
		assertThat(this.jdbc.queryForList("SELECT nspname FROM pg_namespace WHERE nspname IN (?, ?) ORDER BY 1",
				String.class, "t_" + this.acme, "t_" + this.globex))
			.containsExactly("t_" + this.acme, "t_" + this.globex);
	}

	@Test
	void aTenantWhoseSchemaIsGoneIsNotFoundRatherThanServedFromElsewhere() {
		create(this.acme, "Ada", "ada@example.com");
		this.jdbc.execute("DROP SCHEMA \"t_" + this.globex + "\" CASCADE");
		this.client.get().uri("/api/customers").header("X-Tenant-ID", this.globex).exchange()
			.expectStatus().isNotFound();
		this.client.get().uri("/api/customers").header("X-Tenant-ID", this.acme).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
	}

}
