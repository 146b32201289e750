package io.dotmac.database.tenant;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant travels with Micrometer context propagation: snapshots, wrapped executors and
 * Reactor's automatic context propagation, and a pooled thread keeps nothing afterwards.
 */
class TenantContextThreadLocalAccessorTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().clearMissing(true).build();

	private final ExecutorService worker = Executors.newSingleThreadExecutor();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.worker.shutdownNow();
		assertThat(this.worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void accessorIsRegisteredThroughServiceLoader() {
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
			.anySatisfy((accessor) -> assertThat(accessor).isInstanceOf(TenantContextThreadLocalAccessor.class));
	}

	@Test
	void snapshotCarriesTheTenantAndTheMdcAndLeavesNothingBehind() throws Exception {
		ContextSnapshot snapshot = TenantContext.call(ACME, this.snapshots::captureAll);
		String seen = this.worker.submit(snapshot.wrap(() -> TenantContext.require().value() + "|"
				+ MDC.get(TenantContext.MDC_KEY))).get();
		assertThat(seen).isEqualTo("acme|acme");
		assertThat(this.worker.submit(TenantContext::current).get()).isEmpty();
		assertThat(this.worker.submit(() -> MDC.get(TenantContext.MDC_KEY)).get()).isNull();
	}

	@Test
	void systemScopeTravelsToo() throws Exception {
		ContextSnapshot snapshot = TenantContext.callAsSystem("test: propagate system scope", this.snapshots::captureAll);
		assertThat(this.worker.submit(snapshot.wrap(TenantContext::isSystemScope)).get()).isTrue();
		assertThat(this.worker.submit(TenantContext::isSystemScope).get()).isFalse();
	}

	@Test
	void snapshotWithoutTenantClearsALeakedBindingForItsTask() throws Exception {
		// A badly behaved task leaves a binding on the pooled thread.
		this.worker.submit(() -> TenantContext.bind(GLOBEX)).get();
		ContextSnapshot empty = this.snapshots.captureAll();
		assertThat(this.worker.submit(empty.wrap(() -> TenantContext.current())).get()).isEmpty();
		// Clean the leak up so that the thread can be reused by other tests in this JVM.
		this.worker.submit(() -> TenantContext.clear()).get();
	}

	@Test
	void contextExecutorServiceCarriesEachTasksTenantAndNoMore() throws Exception {
		ExecutorService executor = ContextExecutorService.wrap(this.worker, this.snapshots::captureAll);
		String first = TenantContext.call(ACME, () -> submit(executor, () -> {
			String tenant = TenantContext.require().value();
			TenantContext.bind(GLOBEX); // leaked on purpose
			return tenant;
		}));
		assertThat(first).isEqualTo("acme");
		assertThat(submit(executor, () -> TenantContext.current().map(TenantId::value).orElse("none"))).isEqualTo("none");
		assertThat(TenantContext.call(GLOBEX, () -> submit(executor, () -> TenantContext.require().value())))
			.isEqualTo("globex");
	}

	@Test
	void reactorAutomaticContextPropagationCarriesTheTenant() {
		Hooks.enableAutomaticContextPropagation();
		try {
			String seen = TenantContext.call(ACME, () -> Mono.just(1)
				.publishOn(Schedulers.parallel())
				.map((ignored) -> Thread.currentThread().getName() + "|" + TenantContext.require().value())
				.contextCapture()
				.block());
			assertThat(seen).contains("parallel").endsWith("|acme");
			String none = Mono.just(1)
				.publishOn(Schedulers.parallel())
				.map((ignored) -> TenantContext.current().map(TenantId::value).orElse("none"))
				.contextCapture()
				.block();
			assertThat(none).isEqualTo("none");
		}
		finally {
			Hooks.disableAutomaticContextPropagation();
		}
	}

	private static <T> T submit(ExecutorService executor, java.util.concurrent.Callable<T> task) {
		try {
			return executor.submit(task).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
