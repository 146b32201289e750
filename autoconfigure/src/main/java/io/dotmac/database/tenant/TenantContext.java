package io.dotmac.database.tenant;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The tenant the current thread works for.
 * <p>
 * A thread is in one of three states: no tenant (the default, and what isolation treats as
 * "no rows"), bound to one {@link TenantId}, or in the explicit <em>system scope</em> for
 * deliberate cross-tenant work, which always carries a reason and is logged. Bindings nest
 * and are undone in reverse order:
 * <pre>{@code
 * TenantContext.run(TenantId.of("acme"), () -> customers.findAll());
 *
 * try (TenantContext.Scope scope = TenantContext.bind(tenant)) {
 *     ...
 * }
 *
 * List<Tenant> all = TenantContext.callAsSystem("nightly billing run", registry::findAll);
 * }</pre>
 * To carry the binding to another thread, take a {@link #snapshot()} and wrap the task with
 * it. The Spring integration does that for {@code @Async}, executors and Micrometer context
 * propagation. A task wrapped that way runs with exactly the snapshot's binding, or with
 * none, and restores the thread's own binding afterwards, so a pooled thread never keeps a
 * previous task's tenant.
 * <p>
 * When SLF4J is present the tenant also appears in the logging MDC under {@value #MDC_KEY}
 * ({@value #SYSTEM_SCOPE_MDC_VALUE} in the system scope).
 */
public final class TenantContext {

	/** MDC key under which the current tenant id is published. */
	public static final String MDC_KEY = "tenantId";

	/** MDC value while the system scope is active. */
	public static final String SYSTEM_SCOPE_MDC_VALUE = "<system>";

	private static final Log logger = LogFactory.getLog(TenantContext.class);

	private static final ThreadLocal<Binding> current = new ThreadLocal<>();

	private TenantContext() {
	}

	/**
	 * Return the tenant bound to this thread.
	 * @return the tenant, or empty when none is bound or the system scope is active
	 */
	public static Optional<TenantId> current() {
		return Optional.ofNullable(currentOrNull());
	}

	/**
	 * Return the tenant bound to this thread, without allocating; for hot paths.
	 * @return the tenant, or {@code null} when none is bound or the system scope is active
	 */
	public static @Nullable TenantId currentOrNull() {
		Binding binding = current.get();
		return (binding != null) ? binding.tenant : null;
	}

	/**
	 * Return the tenant bound to this thread, or fail.
	 * @return the tenant
	 * @throws MissingTenantException when no tenant is bound
	 */
	public static TenantId require() {
		TenantId tenant = currentOrNull();
		if (tenant == null) {
			throw new MissingTenantException(isSystemScope()
					? "This work needs a tenant but runs in the system scope; bind one with TenantContext.run(tenant, ...)"
					: "No tenant is bound to this thread; bind one with TenantContext.run(tenant, ...) "
							+ "or resolve it from the request");
		}
		return tenant;
	}

	/**
	 * Whether this thread runs in the explicit system scope.
	 * @return {@code true} inside {@link #runAsSystem}, {@link #callAsSystem} or
	 * {@link #bindSystem}
	 */
	public static boolean isSystemScope() {
		Binding binding = current.get();
		return binding != null && binding.systemReason != null;
	}

	/**
	 * Bind a tenant to this thread until the returned scope is closed.
	 * @param tenant the tenant
	 * @return the scope; closing it restores the previous binding
	 */
	public static Scope bind(TenantId tenant) {
		Objects.requireNonNull(tenant, "tenant must not be null");
		return open(new Binding(tenant, null));
	}

	/**
	 * Enter the system scope until the returned scope is closed. Entering is logged with
	 * the reason.
	 * @param reason why this work must see every tenant, for the log
	 * @return the scope; closing it restores the previous binding
	 */
	public static Scope bindSystem(String reason) {
		if (reason == null || reason.isBlank()) {
			throw new IllegalArgumentException("The system scope needs a reason");
		}
		logger.info("Entering the system scope (cross-tenant): " + reason);
		return open(new Binding(null, reason));
	}

	/**
	 * Run with no tenant bound until the returned scope is closed.
	 * @return the scope; closing it restores the previous binding
	 */
	public static Scope clear() {
		return open(null);
	}

	/**
	 * Run an action for a tenant.
	 * @param tenant the tenant
	 * @param action the action
	 */
	public static void run(TenantId tenant, Runnable action) {
		try (Scope scope = bind(tenant)) {
			action.run();
		}
	}

	/**
	 * Compute a result for a tenant.
	 * @param <T> the result type
	 * @param tenant the tenant
	 * @param action the computation
	 * @return its result
	 */
	public static <T> T call(TenantId tenant, Supplier<T> action) {
		try (Scope scope = bind(tenant)) {
			return action.get();
		}
	}

	/**
	 * Run an action in the system scope.
	 * @param reason why this work must see every tenant, for the log
	 * @param action the action
	 */
	public static void runAsSystem(String reason, Runnable action) {
		try (Scope scope = bindSystem(reason)) {
			action.run();
		}
	}

	/**
	 * Compute a result in the system scope.
	 * @param <T> the result type
	 * @param reason why this work must see every tenant, for the log
	 * @param action the computation
	 * @return its result
	 */
	public static <T> T callAsSystem(String reason, Supplier<T> action) {
		try (Scope scope = bindSystem(reason)) {
			return action.get();
		}
	}

	/**
	 * Capture this thread's binding, to apply it to work that runs elsewhere.
	 * @return the snapshot
	 */
	public static Snapshot snapshot() {
		return new Snapshot(current.get());
	}

	private static Scope open(@Nullable Binding binding) {
		Binding previous = current.get();
		apply(binding);
		return new Scope(previous);
	}

	private static void apply(@Nullable Binding binding) {
		if (binding == null) {
			current.remove();
		}
		else {
			current.set(binding);
		}
		TenantMdc.publish(binding != null ? binding.mdcValue() : null);
	}

	/**
	 * A binding that is undone by {@link #close()}. Close it on the thread that opened it,
	 * in reverse order of opening, ideally with try-with-resources.
	 */
	public static final class Scope implements AutoCloseable {

		private final @Nullable Binding previous;

		private final Thread owner = Thread.currentThread();

		private boolean closed;

		private Scope(@Nullable Binding previous) {
			this.previous = previous;
		}

		/** Restore the binding that was in place when this scope was opened. */
		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			if (Thread.currentThread() != this.owner) {
				throw new IllegalStateException("A tenant scope must be closed on the thread that opened it");
			}
			this.closed = true;
			apply(this.previous);
		}

	}

	/**
	 * A captured binding (a tenant, the system scope, or none) that can be applied to work
	 * running on another thread.
	 */
	public static final class Snapshot {

		private final @Nullable Binding binding;

		private Snapshot(@Nullable Binding binding) {
			this.binding = binding;
		}

		/**
		 * Apply this snapshot to the current thread until the returned scope is closed.
		 * @return the scope; closing it restores the thread's previous binding
		 */
		public Scope open() {
			return TenantContext.open(this.binding);
		}

		/**
		 * Wrap a task so that it runs with this snapshot's binding.
		 * @param task the task
		 * @return the wrapped task
		 */
		public Runnable wrap(Runnable task) {
			return () -> {
				try (Scope scope = open()) {
					task.run();
				}
			};
		}

		/**
		 * Wrap a task so that it runs with this snapshot's binding.
		 * @param <T> the result type
		 * @param task the task
		 * @return the wrapped task
		 */
		public <T> Callable<T> wrapCallable(Callable<T> task) {
			return () -> {
				try (Scope scope = open()) {
					return task.call();
				}
			};
		}

		/**
		 * Return the captured tenant.
		 * @return the tenant, or empty when none was bound or the system scope was active
		 */
		public Optional<TenantId> tenant() {
			return Optional.ofNullable((this.binding != null) ? this.binding.tenant : null);
		}

		/**
		 * Whether the system scope was active when the snapshot was taken.
		 * @return {@code true} for a system-scope snapshot
		 */
		public boolean isSystemScope() {
			return this.binding != null && this.binding.systemReason != null;
		}

	}

	/** Exactly one of tenant and systemReason is set. */
	private record Binding(@Nullable TenantId tenant, @Nullable String systemReason) {

		String mdcValue() {
			return (this.tenant != null) ? this.tenant.value() : SYSTEM_SCOPE_MDC_VALUE;
		}

	}

}
