package io.dotmac.database.tenant;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;

/**
 * Where the {@link JdbcTenantRegistry} keeps its tenants: a schema and a table name.
 * <p>
 * The table lives in a shared schema, outside any tenant's reach and without Row-Level
 * Security: it is the list of tenants, not tenant data. SQL always names it with its schema,
 * so a connection whose {@code search_path} points at a tenant schema still finds it. Both
 * names are plain lower case PostgreSQL identifiers ({@value #IDENTIFIER_PATTERN}), which keeps
 * them safe to put into SQL; the table name is at most {@value #MAX_TABLE_LENGTH} characters
 * because its schema history tables are named after it ({@code <table>_changelog},
 * {@code <table>_changelog_lock}).
 */
public final class TenantRegistryTable {

	/** Default schema. */
	public static final String DEFAULT_SCHEMA = "public";

	/** Default table name. */
	public static final String DEFAULT_TABLE = "dotmac_tenants";

	/** The name of the migration engine's state table, in the registry's schema. */
	public static final String MIGRATION_STATE_TABLE = "dotmac_migration_state";

	/** The accepted form of the schema and table names (documentation). */
	public static final String IDENTIFIER_PATTERN = "[a-z_][a-z0-9_]*";

	/** The longest accepted table name. */
	public static final int MAX_TABLE_LENGTH = 48;

	private static final int MAX_IDENTIFIER_LENGTH = 63;

	private final String schema;

	private final String table;

	private TenantRegistryTable(String schema, String table) {
		this.schema = schema;
		this.table = table;
	}

	/**
	 * Return the default location, {@code public.dotmac_tenants}.
	 * @return the default table
	 */
	public static TenantRegistryTable defaults() {
		return new TenantRegistryTable(DEFAULT_SCHEMA, DEFAULT_TABLE);
	}

	/**
	 * Return a table location.
	 * @param schema the schema, which the schema initializer creates when missing
	 * @param table the table name
	 * @return the table location
	 * @throws DatabaseValidationException when a name is not a plain lower case identifier
	 */
	public static TenantRegistryTable of(String schema, String table) {
		check("schema", schema, MAX_IDENTIFIER_LENGTH);
		check("table", table, MAX_TABLE_LENGTH);
		return new TenantRegistryTable(schema, table);
	}

	private static void check(String what, String name, int maxLength) {
		if (name == null || name.isEmpty() || name.length() > maxLength) {
			throw new DatabaseValidationException("Tenant registry " + what + " name must have 1 to " + maxLength
					+ " characters, got " + ((name != null) ? name.length() : 0));
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
			if (!ok) {
				throw new DatabaseValidationException("Tenant registry " + what + " name '" + name
						+ "' is not a plain lower case identifier matching " + IDENTIFIER_PATTERN);
			}
		}
	}

	/**
	 * Return the schema.
	 * @return the schema name
	 */
	public String schema() {
		return this.schema;
	}

	/**
	 * Return the table name, without schema.
	 * @return the table name
	 */
	public String table() {
		return this.table;
	}

	/**
	 * Return the schema-qualified, quoted name for SQL, for example
	 * {@code "public"."dotmac_tenants"}.
	 * @return the qualified name
	 */
	public String qualifiedName() {
		return quote(this.schema) + "." + quote(this.table);
	}

	/**
	 * Return the name of the table in which the schema initializer records the changesets it
	 * applied (in the same schema).
	 * @return the history table name
	 */
	public String changelogTable() {
		return this.table + "_changelog";
	}

	/**
	 * Return the name of the schema initializer's lock table (in the same schema).
	 * @return the lock table name
	 */
	public String changelogLockTable() {
		return this.table + "_changelog_lock";
	}

	/**
	 * Return the schema-qualified, quoted name of the migration engine's state table, which
	 * lives next to the registry ({@code "public"."dotmac_migration_state"} by default).
	 * @return the qualified name
	 */
	public String migrationStateQualifiedName() {
		return quote(this.schema) + "." + quote(MIGRATION_STATE_TABLE);
	}

	static String quote(String identifier) {
		// Safe: identifiers are validated to [a-z_][a-z0-9_]*, so there is no quote to escape.
		return '"' + identifier + '"';
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (this == other) || (other instanceof TenantRegistryTable that && this.schema.equals(that.schema)
				&& this.table.equals(that.table));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.schema, this.table);
	}

	@Override
	public String toString() {
		return this.schema + "." + this.table;
	}

}
