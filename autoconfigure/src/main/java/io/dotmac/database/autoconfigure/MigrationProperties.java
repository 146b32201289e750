package io.dotmac.database.autoconfigure;

import java.time.Duration;
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

}
