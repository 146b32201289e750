package io.dotmac.database.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseException;
import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.tenant.ProvisioningListener;
import io.dotmac.database.tenant.ProvisioningStep;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantStorage;

/**
 * A tenant's storage for schema per tenant: its schema, named by {@link SchemaNaming}.
 * <p>
 * Creating it takes one of two paths:
 * <ul>
 * <li><b>Fast path</b> (when cloning is on and a changelog is set): the changelog is applied
 * once to a template schema, {@code <prefix>_template} (for example {@code t__template}; no
 * tenant id can map to it, since tenant ids do not start with {@code _}), and each new
 * schema is cloned from it: schema, tables, rows, sequences, foreign keys, views and the
 * Liquibase history, in one transaction and one round trip (see {@link SchemaClonePlan}).
 * The clone either exists whole or not at all.</li>
 * <li><b>Migrations</b>: {@code CREATE SCHEMA} and the changelog applied to the new schema
 * by a {@link TenantSchemaMigrator}; also the path of a retry when a schema exists already
 * (the changelog skips what was applied) and of a template the clone cannot copy.</li>
 * </ul>
 * Then, when an application role is set, it gets {@code USAGE} on the schema and
 * {@code SELECT, INSERT, UPDATE, DELETE} on its tables (and use of its sequences), never on
 * the Liquibase history; default privileges extend the same grants to the tables that later
 * migrations create as this data source's role.
 * <p>
 * With {@linkplain SchemaSettings#hasTenantRoles() tenant roles}, the grants go to the
 * tenant's own {@code NOLOGIN} role instead (created if missing, a member of the
 * {@linkplain SchemaSettings#tenantGroupRole() group role} that holds the rights on shared
 * tables), and the application role (or this data source's role) becomes a member that may
 * switch to it but does not inherit it ({@code WITH INHERIT FALSE, SET TRUE}, PostgreSQL 16+).
 * This needs {@code CREATEROLE}. Dropping the tenant drops its role. Dropping is {@code DROP SCHEMA ... CASCADE}. Every step is
 * idempotent.
 * <p>
 * The data source must not be tenant-hooked (use the pool under a {@link SchemaDataSource})
 * and its role needs {@code CREATE} on the database; it owns the schemas it creates.
 */
public class SchemaTenantStorage implements TenantStorage {

	private static final Log logger = LogFactory.getLog(SchemaTenantStorage.class);

	private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private static final String LIQUIBASE_TABLES = "databasechangelog, databasechangeloglock";

	private final DataSource dataSource;

	private final SchemaSettings settings;

	private final @Nullable TenantSchemaMigrator migrator;

	private final boolean cloneTemplate;

	private final @Nullable String applicationRole;

	private final Object templateLock = new Object();

	private volatile @Nullable SchemaClonePlan plan;

	private volatile boolean templateChecked;

	/**
	 * Create a storage.
	 * @param dataSource a data source outside the tenant hook, as a role that may create
	 * schemas
	 * @param settings the naming of schemas
	 * @param migrator applies the tenant changelog, or {@code null} to create empty schemas
	 * @param cloneTemplate whether to clone a migrated template schema (the fast path)
	 * @param applicationRole the role to grant the tenant's tables to, or {@code null} when
	 * the application connects as this data source's role
	 */
	public SchemaTenantStorage(DataSource dataSource, SchemaSettings settings, @Nullable TenantSchemaMigrator migrator,
			boolean cloneTemplate, @Nullable String applicationRole) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.migrator = migrator;
		this.cloneTemplate = cloneTemplate;
		if (applicationRole != null && !ROLE.matcher(applicationRole).matches()) {
			throw new DatabaseValidationException("Invalid application role: '" + applicationRole + "'");
		}
		this.applicationRole = (applicationRole == null || applicationRole.isEmpty()) ? null : applicationRole;
	}

	/**
	 * The template schema of the fast path.
	 * @return the unquoted name
	 */
	public String templateSchema() {
		return this.settings.naming().prefix() + "_template";
	}

	@Override
	public void create(TenantId tenant, ProvisioningListener listener) {
		String schema = this.settings.naming().schemaFor(tenant);
		listener.beforeStep(tenant, ProvisioningStep.CREATE_STORAGE);
		boolean cloned = false;
		try (Connection connection = this.dataSource.getConnection()) {
			if (!exists(connection, schema)) {
				SchemaClonePlan plan = clonePlan(connection);
				if (plan != null) {
					clone(connection, plan, schema);
					cloned = true;
				}
				else {
					execute(connection, "CREATE SCHEMA IF NOT EXISTS " + SchemaNaming.quote(schema));
				}
			}
			listener.beforeStep(tenant, ProvisioningStep.MIGRATE);
			if (this.migrator != null && !cloned) {
				this.migrator.migrate(connection, schema);
			}
			else if (this.migrator != null) {
				this.migrator.cloned(connection, schema);
			}
			listener.beforeStep(tenant, ProvisioningStep.GRANT);
			if (!cloned) {
				execute(connection, grants(schema));
			}
		}
		catch (SQLException ex) {
			throw new TenantStorageException("Could not create schema '" + schema + "' of tenant '" + tenant + "': "
					+ ex.getMessage(), ex);
		}
	}

	@Override
	public void drop(TenantId tenant) {
		String schema = this.settings.naming().schemaFor(tenant);
		try (Connection connection = this.dataSource.getConnection()) {
			execute(connection, "DROP SCHEMA IF EXISTS " + SchemaNaming.quote(schema) + " CASCADE");
			if (this.settings.hasTenantRoles()) {
				execute(connection, "DROP ROLE IF EXISTS " + SchemaNaming.quote(this.settings.tenantRoleFor(tenant)));
			}
		}
		catch (SQLException ex) {
			throw new TenantStorageException("Could not drop schema '" + schema + "' of tenant '" + tenant + "': "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Whether a tenant's schema exists.
	 * @param tenant the tenant
	 * @return whether its schema exists
	 */
	public boolean exists(TenantId tenant) {
		try (Connection connection = this.dataSource.getConnection()) {
			return exists(connection, this.settings.naming().schemaFor(tenant));
		}
		catch (SQLException ex) {
			throw new TenantStorageException("Could not look up the schema of tenant '" + tenant + "'", ex);
		}
	}

	/**
	 * Bring the template schema to the changelog's head and render the clone plan, if the
	 * fast path is on. Done once per instance, on first use; call it at startup to take the
	 * cost out of the first provisioning.
	 */
	public void prepareTemplate() {
		try (Connection connection = this.dataSource.getConnection()) {
			clonePlan(connection);
		}
		catch (SQLException ex) {
			throw new TenantStorageException("Could not prepare template schema " + templateSchema(), ex);
		}
	}

	private @Nullable SchemaClonePlan clonePlan(Connection connection) throws SQLException {
		if (!this.cloneTemplate || this.migrator == null) {
			return null;
		}
		if (this.templateChecked) {
			return this.plan;
		}
		synchronized (this.templateLock) {
			if (!this.templateChecked) {
				String template = templateSchema();
				execute(connection, "CREATE SCHEMA IF NOT EXISTS " + SchemaNaming.quote(template));
				this.migrator.migrate(connection, template);
				boolean autoCommit = connection.getAutoCommit();
				connection.setAutoCommit(false);
				try {
					SchemaClonePlan.Result result = SchemaClonePlan.render(connection, template);
					if (result.unsupported() != null) {
						logger.info("Template schema " + template + " holds " + result.unsupported()
								+ ", which cloning does not copy; new tenant schemas are migrated instead");
					}
					this.plan = result.plan();
				}
				finally {
					connection.rollback();
					connection.setAutoCommit(autoCommit);
				}
				this.templateChecked = true;
			}
			return this.plan;
		}
	}

	private void clone(Connection connection, SchemaClonePlan plan, String schema) throws SQLException {
		StringBuilder sql = new StringBuilder();
		sql.append("CREATE SCHEMA ").append(SchemaNaming.quote(schema)).append(";\n");
		sql.append("SELECT set_config('search_path', '").append(SchemaNaming.quote(schema)).append("', true);\n");
		for (String statement : plan.statements()) {
			sql.append(statement).append(";\n");
		}
		sql.append(grants(schema));
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql.toString());
			connection.commit();
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
	}

	private String grants(String schema) {
		String quoted = SchemaNaming.quote(schema);
		StringBuilder sql = new StringBuilder();
		String grantee;
		if (this.settings.hasTenantRoles()) {
			// The tenant's own role: only it may use the schema. The application role may switch
			// to it (SET LOCAL ROLE, by the hook) but does not inherit its privileges.
			TenantId tenant = this.settings.naming().tenantOf(schema).orElseThrow();
			String role = this.settings.tenantRoleFor(tenant);
			String group = this.settings.tenantGroupRole();
			sql.append(createRoleIfMissing(group)).append(createRoleIfMissing(role));
			sql.append("GRANT ").append(SchemaNaming.quote(group)).append(" TO ").append(SchemaNaming.quote(role))
				.append(";\n");
			sql.append("GRANT ").append(SchemaNaming.quote(role)).append(" TO ")
				.append((this.applicationRole != null) ? SchemaNaming.quote(this.applicationRole) : "CURRENT_USER")
				.append(" WITH INHERIT FALSE, SET TRUE;\n");
			grantee = SchemaNaming.quote(role);
		}
		else if (this.applicationRole != null) {
			grantee = SchemaNaming.quote(this.applicationRole);
		}
		else {
			return "SELECT 1";
		}
		sql.append("GRANT USAGE ON SCHEMA ").append(quoted).append(" TO ").append(grantee).append(";\n")
			.append("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ").append(quoted).append(" TO ")
			.append(grantee).append(";\n")
			.append("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ").append(quoted).append(" TO ")
			.append(grantee).append(";\n")
			// Tables that later migrations create (as this role) are granted too.
			.append("ALTER DEFAULT PRIVILEGES IN SCHEMA ").append(quoted)
			.append(" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ").append(grantee).append(";\n")
			.append("ALTER DEFAULT PRIVILEGES IN SCHEMA ").append(quoted)
			.append(" GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ").append(grantee).append(";\n")
			.append("DO $$ BEGIN IF to_regclass('").append(quoted).append(".databasechangelog') IS NOT NULL THEN ")
			.append("REVOKE ALL ON ").append(qualified(quoted, LIQUIBASE_TABLES)).append(" FROM ").append(grantee)
			.append("; END IF; END $$");
		return sql.toString();
	}

	private static String createRoleIfMissing(String role) {
		// Roles are cluster-wide and CREATE ROLE has no IF NOT EXISTS; a concurrent creation of
		// the same role is a duplicate_object, which is fine.
		return "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '" + role
				+ "') THEN CREATE ROLE " + SchemaNaming.quote(role) + " NOLOGIN; END IF;"
				+ " EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n";
	}

	private static String qualified(String schema, String tables) {
		StringBuilder result = new StringBuilder();
		for (String table : tables.split(",\\s*")) {
			if (!result.isEmpty()) {
				result.append(", ");
			}
			result.append(schema).append('.').append(table);
		}
		return result.toString();
	}

	private static boolean exists(Connection connection, String schema) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
			statement.setString(1, schema);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		if (!autoCommit) {
			connection.setAutoCommit(true);
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		finally {
			if (!autoCommit) {
				connection.setAutoCommit(false);
			}
		}
	}

	@Override
	public String toString() {
		return "SchemaTenantStorage[prefix=" + this.settings.naming().prefix() + ", migrator=" + this.migrator
				+ ", cloneTemplate=" + this.cloneTemplate + "]";
	}

	/** A tenant schema could not be created, looked up or dropped. */
	public static final class TenantStorageException extends DatabaseException {

		private static final long serialVersionUID = 1L;

		TenantStorageException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
