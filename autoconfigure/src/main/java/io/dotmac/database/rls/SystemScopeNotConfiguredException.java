package io.dotmac.database.rls;

import java.io.Serial;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantException;

/**
 * Thrown when work in the system scope cannot switch to the system role: none is
 * configured ({@code dotmac.database.rls.system-role} is empty), the role does not
 * exist, or the application's database role is not allowed to {@code SET ROLE} to it.
 * The system scope never falls back to "no tenant means every tenant".
 */
public class SystemScopeNotConfiguredException extends TenantException {

	@Serial
	private static final long serialVersionUID = 1L;

	SystemScopeNotConfiguredException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
