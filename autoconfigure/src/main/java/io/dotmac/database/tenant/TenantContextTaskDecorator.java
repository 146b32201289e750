package io.dotmac.database.tenant;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the submitting thread's tenant binding to the thread that runs the task, for
 * Spring's executors and schedulers ({@code ThreadPoolTaskExecutor}, {@code SimpleAsyncTaskExecutor}
 * with platform or virtual threads, {@code ThreadPoolTaskScheduler}, ...).
 * <p>
 * The binding is captured when the task is submitted (a tenant, the system scope, or none)
 * and applied for exactly the duration of the task; afterwards the worker thread gets back the
 * binding it had before, which on a pooled thread is none. A task that forgets to close a
 * binding of its own therefore cannot leak it into the next task on that thread, and a task
 * submitted without a tenant runs without one, whatever ran there before.
 * <p>
 * Spring Boot applies every {@code TaskDecorator} bean to its application task executor
 * ({@code @Async}, Spring MVC's async support, {@code CompletableFuture.supplyAsync(..., executor)})
 * and task scheduler; the auto-configuration registers this one. Set it on executors you build
 * yourself with {@code setTaskDecorator}.
 */
public class TenantContextTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		return TenantContext.snapshot().wrap(runnable);
	}

}
