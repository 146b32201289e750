package io.dotmac.database.migration;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * One module part applied to one schema: the unit that is locked, run in one transaction,
 * recorded in the state table and reported.
 *
 * @param module the module name
 * @param target the part of the module
 * @param schema the unquoted schema the changesets run in (the tenant's schema, or the shared
 * schema)
 * @param tenant the tenant whose schema this is, or {@code null} for shared work (including the
 * tenant part in Row-Level Security mode, which runs once against the shared tables)
 */
public record MigrationUnit(String module, MigrationTarget target, String schema, @Nullable TenantId tenant) {

	/**
	 * Validate the unit.
	 */
	public MigrationUnit {
		Objects.requireNonNull(module, "module must not be null");
		Objects.requireNonNull(target, "target must not be null");
		Objects.requireNonNull(schema, "schema must not be null");
	}

	/**
	 * Whether this unit belongs to no tenant.
	 * @return {@code true} for shared work
	 */
	public boolean isShared() {
		return this.tenant == null;
	}

	@Override
	public String toString() {
		return this.module + "/" + this.target.name().toLowerCase(java.util.Locale.ROOT) + " in schema '"
				+ this.schema + "'" + ((this.tenant != null) ? " (tenant " + this.tenant + ")" : "");
	}

}
