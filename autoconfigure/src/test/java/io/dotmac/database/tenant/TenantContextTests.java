package io.dotmac.database.tenant;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TenantContextTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	@AfterEach
	void nothingLeftBound() {
		assertThat(TenantContext.current()).isEmpty();
		assertThat(TenantContext.isSystemScope()).isFalse();
		assertThat(MDC.get(TenantContext.MDC_KEY)).isNull();
	}

	@Test
	void noTenantByDefaultAndRequireFailsClosed() {
		assertThat(TenantContext.current()).isEmpty();
		assertThat(TenantContext.currentOrNull()).isNull();
		assertThatExceptionOfType(MissingTenantException.class).isThrownBy(TenantContext::require)
			.withMessageContaining("No tenant is bound");
	}

	@Test
	void runAndCallBindForTheirDurationAndNest() {
		TenantContext.run(ACME, () -> {
			assertThat(TenantContext.require()).isEqualTo(ACME);
			assertThat(MDC.get(TenantContext.MDC_KEY)).isEqualTo("acme");
			String inner = TenantContext.call(GLOBEX, () -> TenantContext.require().value());
			assertThat(inner).isEqualTo("globex");
			assertThat(TenantContext.require()).isEqualTo(ACME);
			assertThat(MDC.get(TenantContext.MDC_KEY)).isEqualTo("acme");
		});
	}

	@Test
	void bindingIsUndoneWhenTheActionThrows() {
		assertThatIllegalStateException().isThrownBy(() -> TenantContext.run(ACME, () -> {
			throw new IllegalStateException("boom");
		}));
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void systemScopeHasNoTenantAndNeedsAReason() {
		TenantContext.runAsSystem("test: list every tenant", () -> {
			assertThat(TenantContext.isSystemScope()).isTrue();
			assertThat(TenantContext.current()).isEmpty();
			assertThat(MDC.get(TenantContext.MDC_KEY)).isEqualTo(TenantContext.SYSTEM_SCOPE_MDC_VALUE);
			assertThatExceptionOfType(MissingTenantException.class).isThrownBy(TenantContext::require)
				.withMessageContaining("system scope");
			TenantContext.run(ACME, () -> assertThat(TenantContext.isSystemScope()).isFalse());
			assertThat(TenantContext.isSystemScope()).isTrue();
		});
		assertThatIllegalArgumentException().isThrownBy(() -> TenantContext.bindSystem(" "));
	}

	@Test
	void clearRunsWithoutTenantInsideABinding() {
		TenantContext.run(ACME, () -> {
			try (TenantContext.Scope scope = TenantContext.clear()) {
				assertThat(TenantContext.current()).isEmpty();
				assertThat(MDC.get(TenantContext.MDC_KEY)).isNull();
			}
			assertThat(TenantContext.require()).isEqualTo(ACME);
		});
	}

	@Test
	void scopeCloseIsIdempotentAndBoundToItsThread() throws Exception {
		TenantContext.Scope scope = TenantContext.bind(ACME);
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			Future<?> closing = other.submit(scope::close);
			assertThatExceptionOfType(java.util.concurrent.ExecutionException.class).isThrownBy(closing::get)
				.withCauseInstanceOf(IllegalStateException.class);
		}
		finally {
			other.shutdownNow();
		}
		scope.close();
		scope.close();
	}

	@Test
	void snapshotCarriesTheBindingToAPooledThreadAndLeavesNothingBehind() throws Exception {
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Runnable task = TenantContext.call(ACME, () -> TenantContext.snapshot()
				.wrap(() -> assertThat(TenantContext.require()).isEqualTo(ACME)));
			pool.submit(task).get();
			// The same pooled thread afterwards: no tenant, no MDC entry.
			assertThat(pool.submit(() -> TenantContext.current().isPresent()).get()).isFalse();
			assertThat(pool.submit(() -> MDC.get(TenantContext.MDC_KEY)).get()).isNull();
			// An empty snapshot clears whatever a sloppy earlier task left bound.
			pool.submit(() -> TenantContext.bind(GLOBEX)).get();
			Runnable untenanted = TenantContext.snapshot().wrap(() -> assertThat(TenantContext.current()).isEmpty());
			pool.submit(untenanted).get();
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void snapshotRemembersTheSystemScope() {
		TenantContext.Snapshot snapshot = TenantContext.callAsSystem("test", TenantContext::snapshot);
		assertThat(snapshot.isSystemScope()).isTrue();
		assertThat(snapshot.tenant()).isEmpty();
		try (TenantContext.Scope scope = snapshot.open()) {
			assertThat(TenantContext.isSystemScope()).isTrue();
		}
		assertThat(TenantContext.call(ACME, TenantContext::snapshot).tenant()).contains(ACME);
	}

}
