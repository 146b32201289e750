package io.dotmac.database.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationStatus;
import io.dotmac.database.migration.TenantMigrations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample exactly as {@code mvn -pl sample-app -am spring-boot:run} does: no
 * configuration, so the embedded dev services supply PostgreSQL and Redis.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class SampleApplicationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TenantMigrations migrations;

	@Autowired
	private ObjectProvider<liquibase.integration.spring.SpringLiquibase> springLiquibase;

	@Test
	void healthIsUpWithDatabaseAndRedis() {
		this.client.get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components.db.status").isEqualTo("UP")
			.jsonPath("$.components.redis.status").isEqualTo("UP");
	}

	@Test
	void servicePlansComeFromTheLiquibaseMigratedDatabase() {
		this.client.get().uri("/api/plans").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2)
			.jsonPath("$[0].code").isEqualTo("FIBER-100")
			.jsonPath("$[1].code").isEqualTo("FIBER-1000");
	}

	@Test
	void theChangelogsRanThroughTheTenantAwareMigrationsNotSpringBootsLiquibase() {
		assertThat(this.springLiquibase.getIfAvailable()).isNull();
		assertThat(this.migrations.status(MigrationRequest.sharedOnly())).isNotEmpty()
			.allSatisfy((status) -> assertThat(status.state()).isEqualTo(MigrationState.UP_TO_DATE))
			.extracting(MigrationStatus::pending)
			.containsOnly(0);
		assertThat(this.migrations.pending(MigrationRequest.allTenants())).isEmpty();
	}

}
