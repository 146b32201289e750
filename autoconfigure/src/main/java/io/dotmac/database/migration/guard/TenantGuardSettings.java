package io.dotmac.database.migration.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.SqlIdentifiers;
import io.dotmac.database.tenant.TenantId;

/**
 * What the guards check against: the tenant column, the setting the tenant policies read,
 * the isolation mode, and the tables that are never tenant tables. Immutable; names are
 * validated when set.
 *
 * @param tenantColumn the tenant column ({@value RlsSettings#DEFAULT_TENANT_COLUMN})
 * @param settingName the setting the tenant policies compare the column with
 * ({@value RlsSettings#DEFAULT_SETTING_NAME})
 * @param mode the isolation mode, which decides which checks apply
 * @param ignoredTables table names that the validator skips, {@code *} matching any run of
 * characters; a pattern with a dot is matched against {@code schema.table}
 */
public record TenantGuardSettings(String tenantColumn, String settingName, TenantIsolationMode mode,
		List<String> ignoredTables) {

	/**
	 * The tables skipped by default: Liquibase's history tables and the starter's own
	 * tables (tenant registry, migration state), which hold no tenant's rows.
	 */
	public static final List<String> DEFAULT_IGNORED_TABLES = List.of("databasechangelog*", "dotmac_*");

	/** The shortest {@code varchar} that holds every tenant id. */
	public static final int MIN_TENANT_COLUMN_LENGTH = TenantId.MAX_LENGTH;

	/**
	 * Validate the settings.
	 */
	public TenantGuardSettings {
		SqlIdentifiers.requireIdentifier("tenant column name", tenantColumn);
		SqlIdentifiers.requireSettingName(settingName);
		Objects.requireNonNull(mode, "mode must not be null");
		ignoredTables = List.copyOf(ignoredTables);
	}

	/**
	 * The defaults for Row-Level Security.
	 * @return settings with the default column and setting, and the default ignored tables
	 */
	public static TenantGuardSettings defaults() {
		return of(RlsSettings.defaults(), TenantIsolationMode.ROW_LEVEL_SECURITY);
	}

	/**
	 * Settings that agree with the Row-Level Security settings the application runs with.
	 * @param rls the Row-Level Security settings (tenant column, setting name)
	 * @param mode the isolation mode
	 * @return the settings, with the default ignored tables
	 */
	public static TenantGuardSettings of(RlsSettings rls, TenantIsolationMode mode) {
		return new TenantGuardSettings(rls.tenantColumn(), rls.settingName(), mode, DEFAULT_IGNORED_TABLES);
	}

	/**
	 * A copy in another mode.
	 * @param mode the mode
	 * @return the new settings
	 */
	public TenantGuardSettings withMode(TenantIsolationMode mode) {
		return new TenantGuardSettings(this.tenantColumn, this.settingName, mode, this.ignoredTables);
	}

	/**
	 * A copy that also ignores the given tables.
	 * @param patterns table names or patterns, as for {@link #ignoredTables()}
	 * @return the new settings
	 */
	public TenantGuardSettings ignoring(List<String> patterns) {
		List<String> all = new ArrayList<>(this.ignoredTables);
		all.addAll(patterns);
		return new TenantGuardSettings(this.tenantColumn, this.settingName, this.mode, all);
	}

	/**
	 * Whether a table is one the validator skips.
	 * @param schema the table's schema
	 * @param table the table name
	 * @return {@code true} when an ignore pattern matches it
	 */
	public boolean isIgnored(String schema, String table) {
		for (String pattern : this.ignoredTables) {
			String subject = pattern.contains(".") ? schema + "." + table : table;
			if (glob(pattern).matcher(subject).matches()) {
				return true;
			}
		}
		return false;
	}

	private static Pattern glob(String pattern) {
		return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
			.collect(Collectors.joining(".*")));
	}

}
