package io.dotmac.database.tenant;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

/** Publishes the current tenant to SLF4J's MDC, when SLF4J is on the class path. */
final class TenantMdc {

	private static final boolean SLF4J_PRESENT = ClassUtils.isPresent("org.slf4j.MDC", TenantMdc.class.getClassLoader());

	private TenantMdc() {
	}

	static void publish(@Nullable String value) {
		if (!SLF4J_PRESENT) {
			return;
		}
		if (value == null) {
			MDC.remove(TenantContext.MDC_KEY);
		}
		else {
			MDC.put(TenantContext.MDC_KEY, value);
		}
	}

}
