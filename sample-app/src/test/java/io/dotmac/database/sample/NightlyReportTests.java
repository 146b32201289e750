package io.dotmac.database.sample;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import io.dotmac.database.lock.DistributedLock;
import io.dotmac.database.lock.DistributedLocks;
import io.dotmac.database.lock.RedisDistributedLocks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly report runs under the distributed lock {@code nightly-report}: while another
 * instance (a second lock provider on the same Redis, as a second process would have) holds it,
 * this instance refuses to run it; once released, it runs, with a larger fencing token.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class NightlyReportTests {

	private static final String ADMIN = "Bearer dev-admin-token";

	@Autowired
	private RestTestClient client;

	@Autowired
	private RedisConnectionFactory redis;

	@Autowired
	private DistributedLocks locks;

	@Test
	void twoInstancesNeverRunTheReportAtOnce() {
		String tenant = "report-" + UUID.randomUUID().toString().substring(0, 8);
		this.client.post().uri("/api/admin/tenants").header("Authorization", ADMIN)
			.contentType(MediaType.APPLICATION_JSON).body(Map.of("id", tenant, "name", "Report"))
			.exchange()
			.expectStatus().isCreated();
		assertThat(this.locks).isInstanceOf(RedisDistributedLocks.class);

		runReport().jsonPath("$.customersByTenant['" + tenant + "']").isEqualTo(0);
		Number first = fencingToken();

		try (RedisDistributedLocks otherInstance = new RedisDistributedLocks(this.redis);
				DistributedLock running = otherInstance.tryLock("nightly-report", Duration.ZERO)) {
			assertThat(running.acquired()).isTrue();
			this.client.post().uri("/api/admin/reports/nightly").header("Authorization", ADMIN).exchange()
				.expectStatus().isEqualTo(409)
				.expectBody().jsonPath("$.detail").isEqualTo("The nightly report is running on another instance");
		}

		runReport();
		assertThat(fencingToken().longValue()).isGreaterThan(first.longValue());

		// The lock meters reach the application's registry.
		this.client.get().uri("/actuator/metrics/dotmac.lock.acquire?tag=provider:redis&tag=outcome:acquired").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.measurements[?(@.statistic == 'COUNT')].value").isNotEmpty();
		this.client.get().uri("/actuator/metrics/dotmac.lock.held?tag=provider:redis").exchange().expectStatus().isOk();
	}

	@Test
	void theLocksEndpointShowsALockThisInstanceHolds() {
		this.client.get().uri("/actuator/locks").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.providers[0].provider").isEqualTo("redis");
		try (DistributedLock held = this.locks.tryLock("nightly-report", Duration.ZERO)) {
			assertThat(held.acquired()).isTrue();
			this.client.get().uri("/actuator/locks").exchange().expectStatus().isOk()
				.expectBody()
				.jsonPath("$.providers[0].held[0].name").isEqualTo("nightly-report")
				.jsonPath("$.providers[0].held[0].fencingToken").isNumber();
			this.client.post().uri("/api/admin/reports/nightly").header("Authorization", ADMIN).exchange()
				.expectStatus().isEqualTo(409);
		}
		this.client.get().uri("/actuator/locks").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.providers[0].held.length()").isEqualTo(0);
	}

	private org.springframework.test.web.servlet.client.RestTestClient.BodyContentSpec runReport() {
		return this.client.post().uri("/api/admin/reports/nightly").header("Authorization", ADMIN).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.fencingToken").isNumber();
	}

	private Number fencingToken() {
		return this.client.get().uri("/api/admin/reports/nightly").header("Authorization", ADMIN).exchange()
			.expectStatus().isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody() instanceof Map<?, ?> body ? (Number) body.get("fencingToken") : null;
	}

}
