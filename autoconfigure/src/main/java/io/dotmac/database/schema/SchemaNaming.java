package io.dotmac.database.schema;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.tenant.TenantId;

/**
 * The mapping from tenant ids to schema names: the prefix followed by the tenant id,
 * unchanged. With the default prefix, tenant {@code acme-east} lives in schema
 * {@code "t_acme-east"} and tenant {@code acme_east} in {@code "t_acme_east"}.
 * <ul>
 * <li><b>Injective</b>: the id is kept as it is, so two tenants never share a schema, and
 * the tenant of a schema can be read back ({@link #tenantOf}).</li>
 * <li><b>Injection-proof</b>: a {@link TenantId} holds only {@code [a-z0-9_-]}, and the name
 * is always used as a quoted identifier ({@link #quoted}), so {@code -} is harmless and
 * nothing can end the identifier.</li>
 * <li><b>Within PostgreSQL's limit</b>: prefixes have at most {@value #MAX_PREFIX_LENGTH}
 * characters and ids at most 48, so a name never exceeds 63 bytes and is never truncated
 * (truncation could make two names equal).</li>
 * <li><b>Never a system or shared schema</b>: the prefix must end with {@code _} and must not
 * start with {@code pg_}, and a name equal to {@code public}, {@code information_schema},
 * a {@code pg_} schema or one of the shared schemas is refused.</li>
 * </ul>
 * Thread-safe and immutable.
 */
public final class SchemaNaming {

	/** The default prefix. */
	public static final String DEFAULT_PREFIX = "t_";

	/** The longest prefix: 15 characters plus a 48-character tenant id make 63. */
	public static final int MAX_PREFIX_LENGTH = 15;

	private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0," + (MAX_PREFIX_LENGTH - 2) + "}_");

	private static final Set<String> SYSTEM_SCHEMAS = Set.of("public", "information_schema");

	private final String prefix;

	private final Set<String> shared;

	private SchemaNaming(String prefix, Set<String> shared) {
		this.prefix = requirePrefix(prefix);
		this.shared = Set.copyOf(shared);
	}

	/**
	 * The mapping with the {@linkplain #DEFAULT_PREFIX default prefix}.
	 * @return the mapping
	 */
	public static SchemaNaming defaults() {
		return new SchemaNaming(DEFAULT_PREFIX, Set.of());
	}

	/**
	 * A mapping with another prefix.
	 * @param prefix lower-case letters, digits and {@code _}, starting with a letter, ending
	 * with {@code _}, at most {@value #MAX_PREFIX_LENGTH} characters, not {@code pg_...}
	 * @return the mapping
	 * @throws DatabaseValidationException when the prefix is not allowed
	 */
	public static SchemaNaming withPrefix(String prefix) {
		return new SchemaNaming(prefix, Set.of());
	}

	/**
	 * A copy that also refuses names equal to the given shared schemas.
	 * @param sharedSchemas the schemas shared by all tenants
	 * @return the new mapping
	 */
	public SchemaNaming reserving(Set<String> sharedSchemas) {
		return new SchemaNaming(this.prefix, sharedSchemas);
	}

	/**
	 * The prefix.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * The schema of a tenant, unquoted (as {@code pg_namespace.nspname} holds it).
	 * @param tenant the tenant
	 * @return the schema name
	 * @throws DatabaseValidationException when the name would be a system or shared schema
	 */
	public String schemaFor(TenantId tenant) {
		Objects.requireNonNull(tenant, "tenant must not be null");
		String name = this.prefix + tenant.value();
		if (SYSTEM_SCHEMAS.contains(name) || name.startsWith("pg_") || this.shared.contains(name)) {
			throw new DatabaseValidationException("Tenant '" + tenant + "' would map to schema '" + name
					+ "', which is a system or shared schema; use another tenant id or schema prefix");
		}
		return name;
	}

	/**
	 * The schema of a tenant as a quoted identifier, ready for SQL and for
	 * {@code search_path}.
	 * @param tenant the tenant
	 * @return the quoted schema name, such as {@code "t_acme-east"}
	 */
	public String quoted(TenantId tenant) {
		return quote(schemaFor(tenant));
	}

	/**
	 * The tenant whose schema this is.
	 * @param schema an unquoted schema name
	 * @return the tenant, or empty when the name is not a tenant schema of this mapping
	 */
	public Optional<TenantId> tenantOf(String schema) {
		if (!schema.startsWith(this.prefix)) {
			return Optional.empty();
		}
		try {
			TenantId tenant = TenantId.of(schema.substring(this.prefix.length()));
			return Optional.of(tenant).filter((candidate) -> schemaFor(candidate).equals(schema));
		}
		catch (DatabaseValidationException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Quote a name that holds no double quote (tenant schemas and validated shared schema
	 * names).
	 * @param name the name
	 * @return the quoted identifier
	 */
	static String quote(String name) {
		if (name.indexOf('"') >= 0 || name.indexOf('\0') >= 0) {
			throw new DatabaseValidationException("Invalid schema name: " + name);
		}
		return '"' + name + '"';
	}

	private static String requirePrefix(String prefix) {
		if (!PREFIX.matcher(prefix).matches() || prefix.startsWith("pg_")) {
			throw new DatabaseValidationException("Invalid schema prefix: '" + prefix + "'; expected 2 to "
					+ MAX_PREFIX_LENGTH + " lower-case letters, digits or '_', starting with a letter, ending with '_',"
					+ " not starting with 'pg_'");
		}
		return prefix.toLowerCase(Locale.ROOT);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof SchemaNaming that) && this.prefix.equals(that.prefix) && this.shared.equals(that.shared);
	}

	@Override
	public int hashCode() {
		return this.prefix.hashCode();
	}

	@Override
	public String toString() {
		return "SchemaNaming[prefix=" + this.prefix + "]";
	}

}
