package io.dotmac.database.rls;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import io.dotmac.database.DatabaseValidationException;

/**
 * What an {@link IsolationAuditor} looks at: which schemas, which tables to skip, the name
 * of the tenant column and of the PostgreSQL setting that carries the tenant.
 * <p>
 * Immutable; {@link #defaults()} audits the schemas on the connection's
 * {@code search_path}, looks for the column {@value #DEFAULT_TENANT_COLUMN} and the
 * setting {@value #DEFAULT_SETTING_NAME}. Names are compared with the names PostgreSQL
 * stores: lower case, unless the object was created with a quoted name.
 */
public final class IsolationAuditSettings {

	/** The tenant column every tenant-aware table has unless configured otherwise. */
	public static final String DEFAULT_TENANT_COLUMN = "tenant_id";

	/** The PostgreSQL setting that carries the current tenant unless configured otherwise. */
	public static final String DEFAULT_SETTING_NAME = "app.current_tenant_id";

	/** PostgreSQL truncates longer identifiers, so a longer name can never match. */
	private static final int MAX_IDENTIFIER_LENGTH = 63;

	/**
	 * A custom setting needs a prefix ({@code app.}); PostgreSQL rejects a bare name that is
	 * not a built-in parameter.
	 */
	private static final Pattern SETTING_NAME = Pattern
		.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)+");

	private static final IsolationAuditSettings DEFAULTS = builder().build();

	private final List<String> schemas;

	private final Set<String> ignoredTables;

	private final String tenantColumn;

	private final String settingName;

	private IsolationAuditSettings(Builder builder) {
		this.schemas = List.copyOf(builder.schemas);
		this.ignoredTables = Set.copyOf(builder.ignoredTables);
		this.tenantColumn = builder.tenantColumn;
		this.settingName = builder.settingName;
	}

	/**
	 * The default settings.
	 * @return settings that audit the {@code search_path} schemas for column
	 * {@value #DEFAULT_TENANT_COLUMN} and setting {@value #DEFAULT_SETTING_NAME}
	 */
	public static IsolationAuditSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Start from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The schemas to audit.
	 * @return the schema names in order; empty means the schemas on the connection's
	 * {@code search_path}
	 */
	public List<String> schemas() {
		return this.schemas;
	}

	/**
	 * The tables the audit skips.
	 * @return names as {@code table} (in any audited schema) or {@code schema.table}
	 */
	public Set<String> ignoredTables() {
		return this.ignoredTables;
	}

	/**
	 * The column that makes a table tenant-aware.
	 * @return the column name
	 */
	public String tenantColumn() {
		return this.tenantColumn;
	}

	/**
	 * The PostgreSQL setting that carries the current tenant, which policies must read.
	 * @return the setting name, for example {@value #DEFAULT_SETTING_NAME}
	 */
	public String settingName() {
		return this.settingName;
	}

	/**
	 * Whether a table is ignored.
	 * @param schema the table's schema
	 * @param table the table's name
	 * @return {@code true} when {@code table} or {@code schema.table} is ignored
	 */
	boolean isIgnored(String schema, String table) {
		return this.ignoredTables.contains(table) || this.ignoredTables.contains(schema + "." + table);
	}

	@Override
	public String toString() {
		return "IsolationAuditSettings[schemas=" + (this.schemas.isEmpty() ? "search_path" : this.schemas)
				+ ", ignoredTables=" + this.ignoredTables + ", tenantColumn=" + this.tenantColumn + ", settingName="
				+ this.settingName + "]";
	}

	/**
	 * Builds {@link IsolationAuditSettings}. Every setter validates its input and throws
	 * {@link DatabaseValidationException} for a value that can never match.
	 */
	public static final class Builder {

		private final List<String> schemas = new ArrayList<>();

		private final Set<String> ignoredTables = new LinkedHashSet<>();

		private String tenantColumn = DEFAULT_TENANT_COLUMN;

		private String settingName = DEFAULT_SETTING_NAME;

		private Builder() {
		}

		/**
		 * Audit these schemas instead of the {@code search_path}.
		 * @param schemas schema names; empty restores the {@code search_path}
		 * @return this builder
		 */
		public Builder schemas(Collection<String> schemas) {
			Objects.requireNonNull(schemas, "schemas");
			List<String> validated = new ArrayList<>();
			for (String schema : schemas) {
				validated.add(identifier(schema, "schema name"));
			}
			this.schemas.clear();
			this.schemas.addAll(validated);
			return this;
		}

		/**
		 * Skip these tables.
		 * @param tables names as {@code table} (in any audited schema) or
		 * {@code schema.table}; the first dot separates schema and table
		 * @return this builder
		 */
		public Builder ignoredTables(Collection<String> tables) {
			Objects.requireNonNull(tables, "tables");
			Set<String> validated = new LinkedHashSet<>();
			for (String table : tables) {
				String name = requireText(table, "ignored table");
				int dot = name.indexOf('.');
				if (dot >= 0) {
					identifier(name.substring(0, dot), "schema of ignored table '" + name + "'");
					identifier(name.substring(dot + 1), "ignored table '" + name + "'");
				}
				else {
					identifier(name, "ignored table");
				}
				validated.add(name);
			}
			this.ignoredTables.clear();
			this.ignoredTables.addAll(validated);
			return this;
		}

		/**
		 * Look for this tenant column.
		 * @param tenantColumn the column name
		 * @return this builder
		 */
		public Builder tenantColumn(String tenantColumn) {
			this.tenantColumn = identifier(tenantColumn, "tenant column");
			return this;
		}

		/**
		 * Expect policies to read this setting.
		 * @param settingName a custom setting name with a prefix, such as
		 * {@code app.current_tenant_id}
		 * @return this builder
		 */
		public Builder settingName(String settingName) {
			String name = requireText(settingName, "setting name");
			if (!SETTING_NAME.matcher(name).matches()) {
				throw new DatabaseValidationException("Invalid setting name '" + name
						+ "': expected a custom PostgreSQL setting such as app.current_tenant_id "
						+ "(letters, digits, underscores, with a prefix and a dot)");
			}
			this.settingName = name;
			return this;
		}

		/**
		 * Build the settings.
		 * @return immutable settings
		 */
		public IsolationAuditSettings build() {
			return new IsolationAuditSettings(this);
		}

		private static String identifier(String value, String what) {
			String name = requireText(value, what);
			if (name.length() > MAX_IDENTIFIER_LENGTH) {
				throw new DatabaseValidationException(
						"Invalid " + what + ": longer than PostgreSQL's " + MAX_IDENTIFIER_LENGTH + " characters");
			}
			if (name.indexOf('\0') >= 0) {
				throw new DatabaseValidationException("Invalid " + what + ": contains a NUL character");
			}
			return name;
		}

		private static String requireText(String value, String what) {
			Objects.requireNonNull(value, what);
			if (value.isBlank() || !value.strip().equals(value)) {
				throw new DatabaseValidationException(
						"Invalid " + what + " '" + value + "': must not be blank or have surrounding spaces");
			}
			return value;
		}

	}

}
