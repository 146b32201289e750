package io.dotmac.database.autoconfigure.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.dotmac.database.autoconfigure.TenancyAutoConfiguration;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tenant reaches work on Spring Boot's own executor and scheduler, the way a Spring
 * developer writes it ({@code @Async}, {@code CompletableFuture.supplyAsync(..., executor)},
 * {@code TaskScheduler}), including on virtual threads, and a pooled thread never keeps a
 * previous task's tenant.
 */
class TenantPropagationTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class, TenancyAutoConfiguration.class))
		.withUserConfiguration(AsyncConfiguration.class);

	@Test
	void asyncMethodRunsForTheCallersTenantWithItsMdc() {
		this.runner.run((context) -> {
			AsyncService service = context.getBean(AsyncService.class);
			String seen = TenantContext.call(ACME, () -> service.whoAmI().join());
			assertThat(seen).isEqualTo("acme|acme");
			assertThat(service.whoAmI().join()).isEqualTo("none|null");
		});
	}

	@Test
	void completableFutureOnTheApplicationExecutorRunsForTheTenant() {
		this.runner.run((context) -> {
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			CompletableFuture<String> future = TenantContext.call(ACME,
					() -> CompletableFuture.supplyAsync(TenantPropagationTests::current, executor));
			assertThat(future.join()).isEqualTo("acme");
			assertThat(future.thenApplyAsync((tenant) -> tenant + "+" + current(), executor).join())
				.as("a stage submitted later by a thread without tenant runs without one").isEqualTo("acme+none");
		});
	}

	@Test
	void scheduledTaskRunsForTheTenantThatScheduledIt() {
		this.runner.run((context) -> {
			TaskScheduler scheduler = context.getBean(TaskScheduler.class);
			AtomicReference<String> seen = new AtomicReference<>();
			ScheduledFuture<?> future = TenantContext.call(GLOBEX,
					() -> scheduler.schedule(() -> seen.set(current()), Instant.now().plusMillis(20)));
			await().atMost(Duration.ofSeconds(10)).until(future::isDone);
			assertThat(seen.get()).isEqualTo("globex");
		});
	}

	@Test
	void pooledThreadNeverKeepsAPreviousTasksTenant() {
		this.runner.withPropertyValues("spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1")
			.run((context) -> {
				AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
				Future<String> leaky = TenantContext.call(ACME, () -> executor.submit(() -> {
					TenantContext.bind(GLOBEX); // never closed: a bug in application code
					return Thread.currentThread().getName();
				}));
				String thread = leaky.get(10, TimeUnit.SECONDS);
				Future<String[]> next = executor.submit(() -> new String[] { Thread.currentThread().getName(), current(),
						String.valueOf(MDC.get(TenantContext.MDC_KEY)) });
				String[] seen = next.get(10, TimeUnit.SECONDS);
				assertThat(seen[0]).as("same pooled thread").isEqualTo(thread);
				assertThat(seen[1]).isEqualTo("none");
				assertThat(seen[2]).isEqualTo("null");
			});
	}

	@Test
	void withoutTheDecoratorTheTenantDoesNotTravel() {
		this.runner.withPropertyValues("dotmac.database.tenancy.propagation.enabled=false").run((context) -> {
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			String seen = TenantContext.call(ACME, () -> executor.submitCompletable(TenantPropagationTests::current))
				.join();
			assertThat(seen).isEqualTo("none");
		});
	}

	@Test
	void manyTenantsOnFewPooledThreadsWithFailuresAndLeaksNeverMix() {
		this.runner
			.withPropertyValues("spring.task.execution.pool.core-size=4", "spring.task.execution.pool.max-size=4")
			.run((context) -> {
				AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
				Random random = new Random(42);
				AtomicInteger checked = new AtomicInteger();
				ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
				List<CompletableFuture<Void>> futures = new ArrayList<>();
				for (int i = 0; i < 2_000; i++) {
					TenantId tenant = (i % 7 == 0) ? null : TenantId.of("tenant-" + random.nextInt(50));
					boolean fail = random.nextInt(5) == 0;
					boolean leak = random.nextInt(5) == 0;
					Runnable task = () -> {
						String expected = (tenant != null) ? tenant.value() : "none";
						String actual = current();
						String mdc = String.valueOf(MDC.get(TenantContext.MDC_KEY));
						if (!expected.equals(actual) || !(tenant != null ? expected : "null").equals(mdc)) {
							mismatches.add("expected " + expected + " saw " + actual + "/" + mdc);
						}
						checked.incrementAndGet();
						if (leak) {
							TenantContext.bind(TenantId.of("leaked"));
						}
						if (fail) {
							throw new IllegalStateException("injected failure");
						}
					};
					futures.add((tenant != null) ? TenantContext.call(tenant, () -> executor.submitCompletable(task))
							: executor.submitCompletable(task));
				}
				CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).handle((ok, ex) -> null).join();
				assertThat(checked.get()).isEqualTo(2_000);
				assertThat(mismatches).isEmpty();
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21")
	void virtualThreadsCarryTheTenant() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			String seen = TenantContext.call(ACME, () -> executor
				.submitCompletable(() -> isVirtual(Thread.currentThread()) + "|" + current())).join();
			assertThat(seen).isEqualTo("true|acme");
			AsyncService service = context.getBean(AsyncService.class);
			assertThat(TenantContext.call(GLOBEX, () -> service.whoAmI().join())).isEqualTo("globex|globex");
		});
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String current() {
		return TenantContext.current().map(TenantId::value).orElse("none");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	@EnableScheduling
	static class AsyncConfiguration {

		@Bean
		AsyncService asyncService() {
			return new AsyncService();
		}

	}

	static class AsyncService {

		@Async
		CompletableFuture<String> whoAmI() {
			return CompletableFuture.completedFuture(current() + "|" + MDC.get(TenantContext.MDC_KEY));
		}

	}

}
