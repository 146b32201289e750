package io.dotmac.database.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of tenant-aware migrations, under {@code dotmac.database.migrations}. When
 * enabled they replace Spring Boot's single {@code SpringLiquibase}: the shared changelogs
 * run first, then each module's, then the tenant changelogs for every tenant schema (schema
 * per tenant) or once against the shared tables (Row-Level Security).
 */
@ConfigurationProperties("dotmac.database.migrations")
public class MigrationProperties {

	/**
	 * Whether tenant-aware migrations replace Spring Boot's Liquibase integration
	 * (spring.liquibase.* is then ignored).
	 */
	private boolean enabled = false;

	/**
	 * Whether pending migrations run when the application starts, before JPA. Off: only the
	 * API, the command line and provisioning run them.
	 */
	private boolean runOnStartup = true;

	/**
	 * Whether a failed unit (a tenant schema or a shared part) fails startup. Off: failures
	 * are recorded, logged and reported by the health indicator, and the other tenants serve.
	 */
	private boolean failOnError = true;

	/**
	 * Shared changelog (or SQL folder, ending with '/') of the application's own module,
	 * applied once to the shared schema.
	 */
	private @Nullable String sharedChangelog;

	/**
	 * Tenant changelog (or SQL folder, ending with '/') of the application's own module.
	 * Unset: dotmac.database.schema.changelog.
	 */
	private @Nullable String tenantChangelog;

	/**
	 * Further modules by name, each tracked in its own history table.
	 */
	private Map<String, Module> modules = new LinkedHashMap<>();

	/**
	 * How many tenant schemas are migrated at once.
	 */
	private int parallelism = 4;

	/**
	 * Whether startup checks each tenant schema's own history instead of trusting the
	 * central state table (slow with many tenants).
	 */
	private boolean deepVerify = false;

	/**
	 * Liquibase contexts to run (comma-separated); empty runs changesets of every context.
	 */
	private @Nullable String contexts;

	/**
	 * Liquibase label expression; empty runs every changeset.
	 */
	private @Nullable String labels;

	/**
	 * How long a runner waits for a schema that another instance is migrating before it
	 * reports the schema as failed.
	 */
	private Duration lockWaitTimeout = Duration.ofMinutes(10);

	/**
	 * Environment policies and tenant guards.
	 */
	private final Policy policy = new Policy();

	/**
	 * The tenantMigrations health indicator.
	 */
	private final Health health = new Health();

	/**
	 * The 'db' command line (java -jar app.jar db ...).
	 */
	private final CommandLine commandLine = new CommandLine();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isRunOnStartup() {
		return this.runOnStartup;
	}

	public void setRunOnStartup(boolean runOnStartup) {
		this.runOnStartup = runOnStartup;
	}

	public boolean isFailOnError() {
		return this.failOnError;
	}

	public void setFailOnError(boolean failOnError) {
		this.failOnError = failOnError;
	}

	public @Nullable String getSharedChangelog() {
		return this.sharedChangelog;
	}

	public void setSharedChangelog(@Nullable String sharedChangelog) {
		this.sharedChangelog = sharedChangelog;
	}

	public @Nullable String getTenantChangelog() {
		return this.tenantChangelog;
	}

	public void setTenantChangelog(@Nullable String tenantChangelog) {
		this.tenantChangelog = tenantChangelog;
	}

	public Map<String, Module> getModules() {
		return this.modules;
	}

	public void setModules(Map<String, Module> modules) {
		this.modules = modules;
	}

	public int getParallelism() {
		return this.parallelism;
	}

	public void setParallelism(int parallelism) {
		this.parallelism = parallelism;
	}

	public boolean isDeepVerify() {
		return this.deepVerify;
	}

	public void setDeepVerify(boolean deepVerify) {
		this.deepVerify = deepVerify;
	}

	public @Nullable String getContexts() {
		return this.contexts;
	}

	public void setContexts(@Nullable String contexts) {
		this.contexts = contexts;
	}

	public @Nullable String getLabels() {
		return this.labels;
	}

	public void setLabels(@Nullable String labels) {
		this.labels = labels;
	}

	public Duration getLockWaitTimeout() {
		return this.lockWaitTimeout;
	}

	public void setLockWaitTimeout(Duration lockWaitTimeout) {
		this.lockWaitTimeout = lockWaitTimeout;
	}

	public Policy getPolicy() {
		return this.policy;
	}

	public Health getHealth() {
		return this.health;
	}

	public CommandLine getCommandLine() {
		return this.commandLine;
	}

	/**
	 * The 'db' command line: java -jar app.jar db upgrade|downgrade|status|... runs one
	 * migration command instead of the application.
	 */
	public static class CommandLine {

		/**
		 * Whether a first argument 'db' runs the command line (no web server, no startup
		 * migrations). Off for an application that has a 'db' argument of its own.
		 */
		private boolean enabled = true;

		/**
		 * Whether the process ends with the command's exit status (0 success, 1 failure, 2
		 * usage error) once the command has run.
		 */
		private boolean exitWhenDone = true;

		/**
		 * The longest time between two progress lines of a long run.
		 */
		private Duration progressInterval = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isExitWhenDone() {
			return this.exitWhenDone;
		}

		public void setExitWhenDone(boolean exitWhenDone) {
			this.exitWhenDone = exitWhenDone;
		}

		public Duration getProgressInterval() {
			return this.progressInterval;
		}

		public void setProgressInterval(Duration progressInterval) {
			this.progressInterval = progressInterval;
		}

	}

	/**
	 * A module of migrations.
	 */
	public static class Module {

		/**
		 * Modules run in ascending order, then by name; the application's own module has
		 * order 0.
		 */
		private int order = 100;

		/**
		 * Shared changelog or SQL folder (ending with '/') of the module.
		 */
		private @Nullable String shared;

		/**
		 * Tenant changelog or SQL folder (ending with '/') of the module.
		 */
		private @Nullable String tenant;

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

		public @Nullable String getShared() {
			return this.shared;
		}

		public void setShared(@Nullable String shared) {
			this.shared = shared;
		}

		public @Nullable String getTenant() {
			return this.tenant;
		}

		public void setTenant(@Nullable String tenant) {
			this.tenant = tenant;
		}

	}

	/**
	 * Environment policy and tenant guards (seed 001): which operations may run here, and
	 * whether the tenant guards fail a migration. The defaults are the strict ones; relax
	 * them per Spring profile (application-dev.yml), so that an environment whose profile is
	 * named unexpectedly still gets the safe behaviour.
	 */
	public static class Policy {

		/**
		 * Whether downgrades (rollbacks of applied changesets) may run.
		 */
		private boolean allowDowngrade = false;

		/**
		 * Whether changesets may be stamped as applied without running them.
		 */
		private boolean allowStamp = false;

		/**
		 * Whether new migration files, autogenerated ones included, may be written.
		 */
		private boolean allowCreate = true;

		/**
		 * Whether the tenant guards run after each migration unit that applied changesets
		 * (one catalog query in the unit's transaction). Off: no guard hook at all.
		 */
		private boolean validate = true;

		/**
		 * Whether the tenant guards (tenant column, tenant-leading index, unique
		 * constraints with the tenant column, Row-Level Security enabled, forced and with
		 * a tenant policy) fail a migration unit that leaves a tenant table without them.
		 * Off: findings are only logged.
		 */
		private boolean requireValidation = true;

		/**
		 * Tables the tenant guards never treat as tenant tables, '*' matching any
		 * characters; a pattern with a dot matches schema.table. Added to the defaults
		 * (databasechangelog*, dotmac_*).
		 */
		private List<String> ignoredTables = new ArrayList<>();

		public boolean isAllowDowngrade() {
			return this.allowDowngrade;
		}

		public void setAllowDowngrade(boolean allowDowngrade) {
			this.allowDowngrade = allowDowngrade;
		}

		public boolean isAllowStamp() {
			return this.allowStamp;
		}

		public void setAllowStamp(boolean allowStamp) {
			this.allowStamp = allowStamp;
		}

		public boolean isAllowCreate() {
			return this.allowCreate;
		}

		public void setAllowCreate(boolean allowCreate) {
			this.allowCreate = allowCreate;
		}

		public boolean isValidate() {
			return this.validate;
		}

		public void setValidate(boolean validate) {
			this.validate = validate;
		}

		public boolean isRequireValidation() {
			return this.requireValidation;
		}

		public void setRequireValidation(boolean requireValidation) {
			this.requireValidation = requireValidation;
		}

		public List<String> getIgnoredTables() {
			return this.ignoredTables;
		}

		public void setIgnoredTables(List<String> ignoredTables) {
			this.ignoredTables = ignoredTables;
		}

	}

	/**
	 * The {@code tenantMigrations} health indicator: DOWN when a unit failed or when more
	 * units than tolerated lag behind the changelog.
	 */
	public static class Health {

		/**
		 * How many units (a module part in one schema) may be pending or unknown before the
		 * health indicator reports DOWN. 0: any lagging unit is DOWN (with run-on-startup,
		 * only until the startup run has finished).
		 */
		private int maxLaggingUnits = 0;

		/**
		 * How many failed and how many lagging units the health details name; the migrations
		 * endpoint lists them all.
		 */
		private int detailsLimit = 5;

		public int getMaxLaggingUnits() {
			return this.maxLaggingUnits;
		}

		public void setMaxLaggingUnits(int maxLaggingUnits) {
			this.maxLaggingUnits = maxLaggingUnits;
		}

		public int getDetailsLimit() {
			return this.detailsLimit;
		}

		public void setDetailsLimit(int detailsLimit) {
			this.detailsLimit = detailsLimit;
		}

	}

}
