package io.dotmac.database.schema;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.rls.AutoCommitPolicy;
import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.tenant.TenantId;

/**
 * What schema-per-tenant routing needs to know: how tenant ids map to schemas, which
 * schemas all tenants share, and when {@code search_path} is written. Immutable; every
 * {@code with...} method returns a copy.
 * <ul>
 * <li>A tenant's {@code search_path} is its own schema followed by the shared schemas.</li>
 * <li>Tenant-less work (and the system scope) gets the shared schemas alone, or an empty
 * {@code search_path} when there are none, so an unqualified name never resolves to
 * another tenant's table or to {@code public} unless {@code public} is listed as
 * shared.</li>
 * </ul>
 * <pre>{@code
 * SchemaSettings settings = SchemaSettings.defaults().withSharedSchemas(List.of("reference"));
 * DataSource dataSource = new SchemaDataSource(pool, settings);
 * }</pre>
 */
public final class SchemaSettings {

	private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final Pattern ROLE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,13}_");

	private static final SchemaSettings DEFAULTS = new SchemaSettings(SchemaNaming.defaults(), List.of(),
			RlsMode.TRANSACTION, AutoCommitPolicy.WRAP, null);

	private final SchemaNaming naming;

	private final List<String> sharedSchemas;

	private final RlsMode mode;

	private final AutoCommitPolicy autoCommitPolicy;

	private final String sharedPath;

	private final @Nullable String tenantRolePrefix;

	private SchemaSettings(SchemaNaming naming, List<String> sharedSchemas, RlsMode mode,
			AutoCommitPolicy autoCommitPolicy, @Nullable String tenantRolePrefix) {
		for (String schema : sharedSchemas) {
			if (schema == null || !SCHEMA.matcher(schema).matches() || schema.startsWith("pg_")
					|| schema.equals("information_schema")) {
				throw new DatabaseValidationException("Invalid shared schema: '" + schema
						+ "'; expected lower-case letters, digits or '_' (at most 63), not a system schema");
			}
			if (naming.tenantOf(schema).isPresent()) {
				throw new DatabaseValidationException("Shared schema '" + schema + "' looks like the schema of tenant '"
						+ naming.tenantOf(schema).get() + "' (prefix '" + naming.prefix() + "'); rename it");
			}
		}
		this.sharedSchemas = List.copyOf(sharedSchemas);
		this.naming = naming.reserving(java.util.Set.copyOf(this.sharedSchemas));
		this.mode = Objects.requireNonNull(mode, "mode must not be null");
		this.autoCommitPolicy = Objects.requireNonNull(autoCommitPolicy, "autoCommitPolicy must not be null");
		this.sharedPath = this.sharedSchemas.stream().map(SchemaNaming::quote).collect(Collectors.joining(", "));
		if (tenantRolePrefix != null) {
			if (!ROLE_PREFIX.matcher(tenantRolePrefix).matches() || tenantRolePrefix.startsWith("pg_")) {
				throw new DatabaseValidationException("Invalid tenant role prefix: '" + tenantRolePrefix
						+ "'; expected 2 to 15 lower-case letters, digits or '_', starting with a letter, ending with"
						+ " '_', not starting with 'pg_'");
			}
			if (this.mode != RlsMode.TRANSACTION) {
				throw new DatabaseValidationException("Tenant roles need transaction mode: a role set for a session "
						+ "would stay on the pooled connection for work outside the hook");
			}
		}
		this.tenantRolePrefix = tenantRolePrefix;
	}

	/**
	 * The defaults: prefix {@value SchemaNaming#DEFAULT_PREFIX}, no shared schemas,
	 * {@link RlsMode#TRANSACTION transaction mode}, {@link AutoCommitPolicy#WRAP}.
	 * @return the default settings
	 */
	public static SchemaSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * How tenant ids map to schemas.
	 * @return the mapping
	 */
	public SchemaNaming naming() {
		return this.naming;
	}

	/**
	 * The schemas every tenant sees after its own, in order.
	 * @return the shared schemas, possibly none
	 */
	public List<String> sharedSchemas() {
		return this.sharedSchemas;
	}

	/**
	 * When {@code search_path} is written: per transaction (pooler-safe) or kept per
	 * session.
	 * @return the mode
	 */
	public RlsMode mode() {
		return this.mode;
	}

	/**
	 * What happens to tenant statements outside a transaction.
	 * @return the policy
	 */
	public AutoCommitPolicy autoCommitPolicy() {
		return this.autoCommitPolicy;
	}

	/**
	 * The {@code search_path} of a tenant: its schema, then the shared schemas.
	 * @param tenant the tenant
	 * @return the value, with quoted identifiers
	 */
	public String searchPathFor(TenantId tenant) {
		String own = this.naming.quoted(tenant);
		return this.sharedPath.isEmpty() ? own : own + ", " + this.sharedPath;
	}

	/**
	 * The {@code search_path} of tenant-less work: the shared schemas only.
	 * @return the value, empty when no schema is shared
	 */
	public String sharedSearchPath() {
		return this.sharedPath;
	}

	/**
	 * A copy with another schema prefix.
	 * @param prefix the prefix, see {@link SchemaNaming#withPrefix}
	 * @return the new settings
	 */
	public SchemaSettings withPrefix(String prefix) {
		return new SchemaSettings(SchemaNaming.withPrefix(prefix), this.sharedSchemas, this.mode,
				this.autoCommitPolicy, this.tenantRolePrefix);
	}

	/**
	 * A copy with other shared schemas.
	 * @param sharedSchemas unquoted schema names
	 * @return the new settings
	 */
	public SchemaSettings withSharedSchemas(List<String> sharedSchemas) {
		return new SchemaSettings(this.naming, sharedSchemas, this.mode, this.autoCommitPolicy, this.tenantRolePrefix);
	}

	/**
	 * A copy with another mode.
	 * @param mode the mode
	 * @return the new settings
	 */
	public SchemaSettings withMode(RlsMode mode) {
		return new SchemaSettings(this.naming, this.sharedSchemas, mode, this.autoCommitPolicy, this.tenantRolePrefix);
	}

	/**
	 * A copy with another auto-commit policy.
	 * @param autoCommitPolicy the policy
	 * @return the new settings
	 */
	public SchemaSettings withAutoCommitPolicy(AutoCommitPolicy autoCommitPolicy) {
		return new SchemaSettings(this.naming, this.sharedSchemas, this.mode, autoCommitPolicy, this.tenantRolePrefix);
	}

	/**
	 * A copy in which each tenant's work runs as a role of its own (see
	 * {@link #tenantRoleFor}), or without tenant roles.
	 * @param tenantRolePrefix the prefix of tenant role names, 2 to 15 lower-case letters,
	 * digits or '_', ending with '_', unique to this application in the cluster (roles are
	 * cluster-wide); {@code null} or empty for none
	 * @return the new settings
	 */
	public SchemaSettings withTenantRolePrefix(@Nullable String tenantRolePrefix) {
		String prefix = (tenantRolePrefix == null || tenantRolePrefix.isEmpty()) ? null : tenantRolePrefix;
		return new SchemaSettings(this.naming, this.sharedSchemas, this.mode, this.autoCommitPolicy, prefix);
	}

	/**
	 * Whether each tenant's work runs as a role of its own.
	 * @return whether tenant roles are on
	 */
	public boolean hasTenantRoles() {
		return this.tenantRolePrefix != null;
	}

	/**
	 * The role a tenant's transactions switch to with {@code SET LOCAL ROLE}, when tenant
	 * roles are on: the tenant role prefix followed by the tenant id. Only that role has
	 * privileges on the tenant's schema, so even a schema-qualified name cannot reach another
	 * tenant's tables.
	 * @param tenant the tenant
	 * @return the unquoted role name
	 * @throws IllegalStateException when tenant roles are off
	 */
	public String tenantRoleFor(TenantId tenant) {
		if (this.tenantRolePrefix == null) {
			throw new IllegalStateException("Tenant roles are off");
		}
		return this.tenantRolePrefix + tenant.value();
	}

	/**
	 * The group role of all tenant roles ({@code <prefix>_tenants}; no tenant id starts with
	 * '_'): grant it what every tenant may use in the shared schemas.
	 * @return the unquoted role name
	 * @throws IllegalStateException when tenant roles are off
	 */
	public String tenantGroupRole() {
		if (this.tenantRolePrefix == null) {
			throw new IllegalStateException("Tenant roles are off");
		}
		return this.tenantRolePrefix + "_tenants";
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof SchemaSettings that) && this.naming.prefix().equals(that.naming.prefix())
				&& this.sharedSchemas.equals(that.sharedSchemas) && this.mode == that.mode
				&& this.autoCommitPolicy == that.autoCommitPolicy
				&& Objects.equals(this.tenantRolePrefix, that.tenantRolePrefix);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.naming.prefix(), this.sharedSchemas, this.mode, this.autoCommitPolicy,
				this.tenantRolePrefix);
	}

	@Override
	public String toString() {
		return "SchemaSettings[prefix=" + this.naming.prefix() + ", sharedSchemas=" + this.sharedSchemas + ", mode="
				+ this.mode + ", autoCommitPolicy=" + this.autoCommitPolicy + ", tenantRolePrefix="
				+ this.tenantRolePrefix + "]";
	}

}
