package io.dotmac.database.migration;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * Which tenants an operation covers: every tenant of the registry, a named set, or none (shared
 * work only).
 */
public final class TenantSelection {

	private static final TenantSelection ALL = new TenantSelection(null);

	private static final TenantSelection NONE = new TenantSelection(Collections.emptySet());

	private final @Nullable Set<TenantId> tenants;

	private TenantSelection(@Nullable Set<TenantId> tenants) {
		this.tenants = tenants;
	}

	/**
	 * Every tenant the registry knows that is not being deleted.
	 * @return the selection
	 */
	public static TenantSelection all() {
		return ALL;
	}

	/**
	 * No tenant: shared work only.
	 * @return the selection
	 */
	public static TenantSelection none() {
		return NONE;
	}

	/**
	 * The given tenants.
	 * @param tenants the tenants; empty means none
	 * @return the selection
	 */
	public static TenantSelection of(Collection<TenantId> tenants) {
		Objects.requireNonNull(tenants, "tenants must not be null");
		return tenants.isEmpty() ? NONE : new TenantSelection(Collections.unmodifiableSet(new TreeSet<>(tenants)));
	}

	/**
	 * The given tenants.
	 * @param tenants the tenants
	 * @return the selection
	 */
	public static TenantSelection of(TenantId... tenants) {
		return of(Set.of(tenants));
	}

	/**
	 * Whether every tenant is selected.
	 * @return {@code true} for {@link #all()}
	 */
	public boolean isAll() {
		return this.tenants == null;
	}

	/**
	 * The named tenants.
	 * @return the tenants, sorted; empty for {@link #none()}
	 * @throws IllegalStateException for {@link #all()}, which names none
	 */
	public Set<TenantId> tenants() {
		if (this.tenants == null) {
			throw new IllegalStateException("TenantSelection.all() names no tenants; ask the registry");
		}
		return this.tenants;
	}

	/**
	 * Whether a tenant is selected.
	 * @param tenant the tenant
	 * @return {@code true} when selected
	 */
	public boolean includes(TenantId tenant) {
		return this.tenants == null || this.tenants.contains(tenant);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof TenantSelection that && Objects.equals(this.tenants, that.tenants));
	}

	@Override
	public int hashCode() {
		return Objects.hashCode(this.tenants);
	}

	@Override
	public String toString() {
		return (this.tenants == null) ? "all tenants" : (this.tenants.isEmpty() ? "no tenants" : this.tenants.toString());
	}

}
