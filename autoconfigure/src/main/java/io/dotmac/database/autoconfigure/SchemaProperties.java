package io.dotmac.database.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.dotmac.database.rls.AutoCommitPolicy;
import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.schema.SchemaSettings;

/**
 * Configuration of schema-per-tenant isolation, under {@code dotmac.database.schema}; in
 * effect when {@code dotmac.database.tenancy.strategy=schema}.
 */
@ConfigurationProperties("dotmac.database.schema")
public class SchemaProperties {

	/**
	 * Prefix of tenant schema names: tenant 'acme' lives in schema "t_acme". 2 to 15
	 * lower-case letters, digits or '_', starting with a letter, ending with '_'.
	 */
	private String prefix = "t_";

	/**
	 * Schemas every tenant sees after its own (reference data), in order; tenant-less work
	 * sees these alone. Empty by default: nothing, 'public' included, is visible unless
	 * listed.
	 */
	private List<String> sharedSchemas = new ArrayList<>();

	/**
	 * When search_path is written: 'transaction' at the start of each transaction (safe
	 * behind PgBouncer in transaction mode); 'session' when a unit of work starts, skipped
	 * when the connection already has it (direct connections or session pooling only).
	 */
	private RlsMode mode = RlsMode.TRANSACTION;

	/**
	 * What happens to a statement for a tenant outside a transaction: 'wrap' runs it in a
	 * short transaction of its own; 'reject' refuses it.
	 */
	private AutoCommitPolicy autoCommit = AutoCommitPolicy.WRAP;

	/**
	 * Liquibase changelog that creates and upgrades the tables of one tenant schema,
	 * applied by tenant provisioning. Empty: new tenant schemas are created empty.
	 */
	private String changelog = "";

	/**
	 * Whether provisioning clones a migrated template schema instead of running the
	 * changelog for each new tenant (much faster with many tables).
	 */
	private boolean cloneTemplate = true;

	/**
	 * Role that provisioning grants each new tenant schema's tables to (USAGE on the
	 * schema, SELECT, INSERT, UPDATE, DELETE on its tables, use of its sequences), for an
	 * application that connects as a role other than the one that provisions. Empty: no
	 * grants (the application's role provisions and owns the schemas).
	 */
	private String applicationRole = "";

	/**
	 * Prefix of per-tenant roles (unique to this application in the cluster, 2 to 15
	 * characters ending with '_'). When set, each tenant's transactions run as the tenant's
	 * own role (SET LOCAL ROLE), which alone may use the tenant's schema, so that even
	 * schema-qualified SQL cannot reach another tenant. Provisioning then needs CREATEROLE.
	 * Transaction mode only. Empty: the application role serves every tenant.
	 */
	private String tenantRolePrefix = "";

	private final Provisioning provisioning = new Provisioning();

	/**
	 * Return the schema prefix.
	 * @return the prefix
	 */
	public String getPrefix() {
		return this.prefix;
	}

	/**
	 * Set the schema prefix.
	 * @param prefix the prefix
	 */
	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * Return the shared schemas.
	 * @return the schemas, in search order
	 */
	public List<String> getSharedSchemas() {
		return this.sharedSchemas;
	}

	/**
	 * Set the shared schemas.
	 * @param sharedSchemas the schemas, in search order
	 */
	public void setSharedSchemas(List<String> sharedSchemas) {
		this.sharedSchemas = sharedSchemas;
	}

	/**
	 * Return when search_path is written.
	 * @return the mode
	 */
	public RlsMode getMode() {
		return this.mode;
	}

	/**
	 * Set when search_path is written.
	 * @param mode the mode
	 */
	public void setMode(RlsMode mode) {
		this.mode = mode;
	}

	/**
	 * Return what happens to tenant statements outside a transaction.
	 * @return the policy
	 */
	public AutoCommitPolicy getAutoCommit() {
		return this.autoCommit;
	}

	/**
	 * Set what happens to tenant statements outside a transaction.
	 * @param autoCommit the policy
	 */
	public void setAutoCommit(AutoCommitPolicy autoCommit) {
		this.autoCommit = autoCommit;
	}

	/**
	 * Return the tenant schema changelog.
	 * @return the changelog location, empty for none
	 */
	public String getChangelog() {
		return this.changelog;
	}

	/**
	 * Set the tenant schema changelog.
	 * @param changelog the changelog location, empty for none
	 */
	public void setChangelog(String changelog) {
		this.changelog = changelog;
	}

	/**
	 * Return whether provisioning clones a template schema.
	 * @return whether the fast path is on
	 */
	public boolean isCloneTemplate() {
		return this.cloneTemplate;
	}

	/**
	 * Set whether provisioning clones a template schema.
	 * @param cloneTemplate whether the fast path is on
	 */
	public void setCloneTemplate(boolean cloneTemplate) {
		this.cloneTemplate = cloneTemplate;
	}

	/**
	 * Return the role that new tenant schemas are granted to.
	 * @return the role, empty for none
	 */
	public String getApplicationRole() {
		return this.applicationRole;
	}

	/**
	 * Set the role that new tenant schemas are granted to.
	 * @param applicationRole the role, empty for none
	 */
	public void setApplicationRole(String applicationRole) {
		this.applicationRole = applicationRole;
	}

	/**
	 * Return the prefix of per-tenant roles.
	 * @return the prefix, empty for none
	 */
	public String getTenantRolePrefix() {
		return this.tenantRolePrefix;
	}

	/**
	 * Set the prefix of per-tenant roles.
	 * @param tenantRolePrefix the prefix, empty for none
	 */
	public void setTenantRolePrefix(String tenantRolePrefix) {
		this.tenantRolePrefix = tenantRolePrefix;
	}

	/**
	 * Return the provisioning connection settings.
	 * @return the settings
	 */
	public Provisioning getProvisioning() {
		return this.provisioning;
	}

	/**
	 * The library settings these properties describe.
	 * @return the settings
	 * @throws io.dotmac.database.DatabaseValidationException when a name is invalid
	 */
	public SchemaSettings toSettings() {
		return SchemaSettings.defaults()
			.withPrefix(this.prefix)
			.withSharedSchemas(this.sharedSchemas)
			.withMode(this.mode)
			.withAutoCommitPolicy(this.autoCommit)
			.withTenantRolePrefix(this.tenantRolePrefix);
	}

	/** The connection that tenant provisioning creates and drops schemas with. */
	public static class Provisioning {

		/**
		 * Login role for provisioning (it needs CREATE on the database and owns the tenant
		 * schemas). Empty: the application's own connection pool provisions.
		 */
		private String username = "";

		/**
		 * Password of the provisioning role.
		 */
		private String password = "";

		/**
		 * JDBC URL for provisioning. Empty: the application's database.
		 */
		private String url = "";

		/**
		 * Return the provisioning role.
		 * @return the role, empty for the application's pool
		 */
		public String getUsername() {
			return this.username;
		}

		/**
		 * Set the provisioning role.
		 * @param username the role, empty for the application's pool
		 */
		public void setUsername(String username) {
			this.username = username;
		}

		/**
		 * Return the provisioning role's password.
		 * @return the password
		 */
		public String getPassword() {
			return this.password;
		}

		/**
		 * Set the provisioning role's password.
		 * @param password the password
		 */
		public void setPassword(String password) {
			this.password = password;
		}

		/**
		 * Return the provisioning JDBC URL.
		 * @return the URL, empty for the application's database
		 */
		public String getUrl() {
			return this.url;
		}

		/**
		 * Set the provisioning JDBC URL.
		 * @param url the URL, empty for the application's database
		 */
		public void setUrl(String url) {
			this.url = url;
		}

	}

}
