package io.dotmac.database.rls;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

/**
 * Whom a unit of database work runs for: one tenant, the system scope, or nobody. Taken
 * from the {@link TenantContext} when the unit starts and compared with it on every later
 * statement of the unit. Handed to a {@link ConnectionScopeApplier}, which writes it into
 * the connection.
 */
public final class RlsScope {

	static final RlsScope NONE = new RlsScope(null, false);

	static final RlsScope SYSTEM = new RlsScope(null, true);

	private final @Nullable TenantId tenant;

	private final boolean system;

	private RlsScope(@Nullable TenantId tenant, boolean system) {
		this.tenant = tenant;
		this.system = system;
	}

	/**
	 * The scope of the calling thread.
	 * @return the scope
	 */
	static RlsScope current() {
		TenantId tenant = TenantContext.currentOrNull();
		if (tenant != null) {
			return new RlsScope(tenant, false);
		}
		return TenantContext.isSystemScope() ? SYSTEM : NONE;
	}

	/**
	 * Whether the calling thread still works in this scope, without allocating.
	 * @return {@code true} when the thread's tenant context is this scope
	 */
	boolean isCurrent() {
		TenantId current = TenantContext.currentOrNull();
		if (this.tenant != null) {
			return this.tenant.equals(current);
		}
		return current == null && this.system == TenantContext.isSystemScope();
	}

	/**
	 * The tenant of this scope.
	 * @return the tenant, or {@code null} for the system scope and for no tenant
	 */
	public @Nullable TenantId tenant() {
		return this.tenant;
	}

	/**
	 * Whether this is the system scope.
	 * @return {@code true} for the system scope
	 */
	public boolean isSystem() {
		return this.system;
	}

	/**
	 * Whether this scope is one tenant's.
	 * @return {@code true} when {@link #tenant()} is set
	 */
	public boolean isTenant() {
		return this.tenant != null;
	}

	/**
	 * Whether this scope has neither a tenant nor the system scope.
	 * @return {@code true} for work without a tenant
	 */
	public boolean isNone() {
		return this.tenant == null && !this.system;
	}

	/**
	 * The value the tenant setting gets for this scope: the tenant id, or empty.
	 * @return the setting value
	 */
	String settingValue() {
		return (this.tenant != null) ? this.tenant.value() : "";
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof RlsScope that) && this.system == that.system
				&& java.util.Objects.equals(this.tenant, that.tenant);
	}

	@Override
	public int hashCode() {
		return (this.tenant != null) ? this.tenant.hashCode() : (this.system ? 1 : 0);
	}

	@Override
	public String toString() {
		if (this.tenant != null) {
			return "tenant '" + this.tenant.value() + "'";
		}
		return this.system ? "the system scope" : "no tenant";
	}

}
