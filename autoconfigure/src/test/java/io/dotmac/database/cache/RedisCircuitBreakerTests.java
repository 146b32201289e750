package io.dotmac.database.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.dotmac.database.cache.RedisCircuitBreaker.State;

import static org.assertj.core.api.Assertions.assertThat;

class RedisCircuitBreakerTests {

	private final AtomicLong clock = new AtomicLong();

	private final List<String> transitions = new ArrayList<>();

	private final RedisCircuitBreaker breaker = new RedisCircuitBreaker(
			new TenantCacheSettings.CircuitBreakerSettings(3, Duration.ofSeconds(5), Duration.ofMillis(100)),
			this.clock::get);

	RedisCircuitBreakerTests() {
		this.breaker.addListener((from, to) -> this.transitions.add(from + "->" + to));
	}

	private void fail(int times) {
		for (int i = 0; i < times; i++) {
			assertThat(this.breaker.tryAcquire()).isTrue();
			this.breaker.onFailure();
		}
	}

	@Test
	void opensAfterTheThresholdOfConsecutiveFailuresOnly() {
		fail(2);
		assertThat(this.breaker.tryAcquire()).isTrue();
		this.breaker.onSuccess(0);
		fail(2);
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		fail(1);
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
		assertThat(this.breaker.tryAcquire()).isFalse();
		assertThat(this.breaker.openCount()).isEqualTo(1);
		assertThat(this.breaker.lastOpenedAt()).isNotNull();
	}

	@Test
	void slowCallsCountAsFailures() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.breaker.tryAcquire()).isTrue();
			this.breaker.onSuccess(Duration.ofMillis(150).toNanos());
		}
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
	}

	@Test
	void afterTheOpenDurationExactlyOneTrialDecides() {
		fail(3);
		this.clock.addAndGet(Duration.ofSeconds(4).toNanos());
		assertThat(this.breaker.tryAcquire()).isFalse();
		this.clock.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.breaker.state()).isEqualTo(State.HALF_OPEN);
		assertThat(this.breaker.tryAcquire()).as("a second caller while the trial runs").isFalse();
		this.breaker.onFailure();
		assertThat(this.breaker.state()).isEqualTo(State.OPEN);
		assertThat(this.breaker.tryAcquire()).isFalse();

		this.clock.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.breaker.tryAcquire()).isTrue();
		this.breaker.onSuccess(0);
		assertThat(this.breaker.state()).isEqualTo(State.CLOSED);
		assertThat(this.breaker.tryAcquire()).isTrue();
		assertThat(this.transitions).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN",
				"OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
	}

}
