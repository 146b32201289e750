package io.dotmac.database.tenant;

import java.util.ArrayDeque;
import java.util.Deque;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Makes the tenant binding one of the thread-local values that Micrometer's
 * <a href="https://docs.micrometer.io/context-propagation/reference/">context propagation</a>
 * captures and restores: {@code ContextSnapshot}, {@code ContextExecutorService},
 * {@code ContextScheduledExecutorService}, Reactor's automatic context propagation
 * ({@code Hooks.enableAutomaticContextPropagation()}) and Spring's
 * {@code ContextPropagatingTaskDecorator} carry the tenant with everything else.
 * <p>
 * It is registered through {@link java.util.ServiceLoader} ({@code META-INF/services}), so
 * {@link ContextRegistry#getInstance()} knows it as soon as {@code io.micrometer:context-propagation}
 * is on the class path; nothing to configure. The value is a {@link TenantContext.Snapshot}
 * (a tenant or the system scope; no binding is no value), under the key {@value #KEY}.
 * <p>
 * Values are applied as {@link TenantContext.Scope scopes} and restored in reverse order, so the
 * thread returns exactly to the binding it had, as with {@link TenantContext#snapshot()}.
 */
public final class TenantContextThreadLocalAccessor implements ThreadLocalAccessor<TenantContext.Snapshot> {

	/** The key under which the tenant binding is captured. */
	public static final String KEY = "io.dotmac.database.tenant";

	// The scopes this accessor opened on this thread, innermost first: restore() closes them in
	// the reverse order of setValue(), which is how context-propagation pairs the calls.
	private static final ThreadLocal<Deque<TenantContext.Scope>> scopes = new ThreadLocal<>();

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public TenantContext.@Nullable Snapshot getValue() {
		TenantContext.Snapshot snapshot = TenantContext.snapshot();
		return (snapshot.tenant().isPresent() || snapshot.isSystemScope()) ? snapshot : null;
	}

	@Override
	public void setValue(TenantContext.Snapshot value) {
		push(value.open());
	}

	@Override
	public void setValue() {
		push(TenantContext.clear());
	}

	@Override
	public void reset() {
		// Called where no previous value is to be restored; leave no binding behind.
		closeAll();
		TenantContext.clear();
	}

	@Override
	public void restore(TenantContext.Snapshot previousValue) {
		if (!pop()) {
			previousValue.open();
		}
	}

	@Override
	public void restore() {
		if (!pop()) {
			TenantContext.clear();
		}
	}

	private static void push(TenantContext.Scope scope) {
		Deque<TenantContext.Scope> deque = scopes.get();
		if (deque == null) {
			deque = new ArrayDeque<>(4);
			scopes.set(deque);
		}
		deque.push(scope);
	}

	/** Close the innermost scope this accessor opened; false when there is none. */
	private static boolean pop() {
		Deque<TenantContext.Scope> deque = scopes.get();
		if (deque == null || deque.isEmpty()) {
			return false;
		}
		deque.pop().close();
		if (deque.isEmpty()) {
			scopes.remove();
		}
		return true;
	}

	private static void closeAll() {
		while (pop()) {
			// Each close restores the binding the scope found.
		}
	}

}
