package io.dotmac.database.migration.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.sql.DataSource;

import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.MigrationHook;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationPolicy;
import io.dotmac.database.migration.MigrationScaffolder;
import io.dotmac.database.schema.SchemaNaming;
import io.dotmac.database.tenant.TenantRegistryTable;

/**
 * Builds a {@link DefaultTenantMigrations} by hand, without Spring Boot (tests, benchmarks, a
 * command line): the same parts {@code MigrationAutoConfiguration} wires.
 * <pre>{@code
 * DefaultTenantMigrations migrations = TenantMigrationsBuilder.on(dataSource)
 *     .module(new MigrationModule("app", 0, "db/shared.yaml", "db/tenant.yaml"))
 *     .schemaPerTenant(SchemaNaming.defaults())
 *     .parallelism(4)
 *     .build();
 * migrations.upgrade(MigrationRequest.allTenants()).throwIfFailed();
 * }</pre>
 * The tenant registry (and the state table next to it, see
 * {@code TenantRegistrySchemaInitializer}) must exist.
 */
public final class TenantMigrationsBuilder {

	private final DataSource dataSource;

	private @Nullable DataSource registryDataSource;

	private TenantRegistryTable registryTable = TenantRegistryTable.defaults();

	private final List<MigrationModule> modules = new ArrayList<>();

	private @Nullable SchemaNaming naming;

	private String sharedSchema = "public";

	private int parallelism = 4;

	private Duration lockWaitTimeout = Duration.ofMinutes(10);

	private @Nullable String contexts;

	private @Nullable String labels;

	private ResourceAccessor resourceAccessor = new ClassLoaderResourceAccessor(
			TenantMigrationsBuilder.class.getClassLoader());

	private final List<ChangeLogLoader> loaders = new ArrayList<>();

	private final List<MigrationListener> listeners = new ArrayList<>();

	private final List<MigrationHook> hooks = new ArrayList<>();

	private final List<MigrationPolicy> policies = new ArrayList<>();

	private @Nullable UnitDowngrader downgrader;

	private @Nullable MigrationScaffolder scaffolder;

	private TenantMigrationsBuilder(DataSource dataSource) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
	}

	/**
	 * Start a builder.
	 * @param dataSource the database of the schemas, outside any tenant hook, as a role that may
	 * run the DDL; its pool needs {@code parallelism + 1} connections
	 * @return the builder
	 */
	public static TenantMigrationsBuilder on(DataSource dataSource) {
		return new TenantMigrationsBuilder(dataSource);
	}

	/**
	 * Add a module.
	 * @param module the module
	 * @return this builder
	 */
	public TenantMigrationsBuilder module(MigrationModule module) {
		this.modules.add(Objects.requireNonNull(module, "module must not be null"));
		return this;
	}

	/**
	 * Schema per tenant: tenant parts run in each tenant's schema. Without this, Row-Level
	 * Security mode: tenant parts run once, in the shared schema.
	 * @param naming the tenant schema naming
	 * @return this builder
	 */
	public TenantMigrationsBuilder schemaPerTenant(SchemaNaming naming) {
		this.naming = Objects.requireNonNull(naming, "naming must not be null");
		return this;
	}

	/**
	 * The schema of shared work (default {@code public}).
	 * @param schema the unquoted schema
	 * @return this builder
	 */
	public TenantMigrationsBuilder sharedSchema(String schema) {
		this.sharedSchema = Objects.requireNonNull(schema, "schema must not be null");
		return this;
	}

	/**
	 * Where the tenant registry (and the state table) live (default {@code public.dotmac_tenants}
	 * in the schemas' database).
	 * @param dataSource the registry's database, or {@code null} for the schemas' database
	 * @param table the registry table
	 * @return this builder
	 */
	public TenantMigrationsBuilder registry(@Nullable DataSource dataSource, TenantRegistryTable table) {
		this.registryDataSource = dataSource;
		this.registryTable = Objects.requireNonNull(table, "table must not be null");
		return this;
	}

	/**
	 * How many tenant schemas at once (default 4).
	 * @param parallelism at least 1
	 * @return this builder
	 */
	public TenantMigrationsBuilder parallelism(int parallelism) {
		this.parallelism = parallelism;
		return this;
	}

	/**
	 * How long to wait for a unit another runner holds (default 10 minutes).
	 * @param timeout the timeout
	 * @return this builder
	 */
	public TenantMigrationsBuilder lockWaitTimeout(Duration timeout) {
		this.lockWaitTimeout = Objects.requireNonNull(timeout, "timeout must not be null");
		return this;
	}

	/**
	 * Liquibase contexts and label expression.
	 * @param contexts comma-separated contexts, or {@code null} for all
	 * @param labels a label expression, or {@code null} for all
	 * @return this builder
	 */
	public TenantMigrationsBuilder filter(@Nullable String contexts, @Nullable String labels) {
		this.contexts = contexts;
		this.labels = labels;
		return this;
	}

	/**
	 * Where changelogs are found (default: this library's class loader).
	 * @param resourceAccessor the resource accessor
	 * @return this builder
	 */
	public TenantMigrationsBuilder resourceAccessor(ResourceAccessor resourceAccessor) {
		this.resourceAccessor = Objects.requireNonNull(resourceAccessor, "resourceAccessor must not be null");
		return this;
	}

	/**
	 * Add a changelog loader, asked before the Liquibase file loader (SQL folders).
	 * @param loader the loader
	 * @return this builder
	 */
	public TenantMigrationsBuilder loader(ChangeLogLoader loader) {
		this.loaders.add(Objects.requireNonNull(loader, "loader must not be null"));
		return this;
	}

	/**
	 * Add a listener.
	 * @param listener the listener
	 * @return this builder
	 */
	public TenantMigrationsBuilder listener(MigrationListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
		return this;
	}

	/**
	 * Add a hook.
	 * @param hook the hook
	 * @return this builder
	 */
	public TenantMigrationsBuilder hook(MigrationHook hook) {
		this.hooks.add(Objects.requireNonNull(hook, "hook must not be null"));
		return this;
	}

	/**
	 * Add a policy.
	 * @param policy the policy
	 * @return this builder
	 */
	public TenantMigrationsBuilder policy(MigrationPolicy policy) {
		this.policies.add(Objects.requireNonNull(policy, "policy must not be null"));
		return this;
	}

	/**
	 * The downgrade and scaffolding support.
	 * @param downgrader rolls units back, or {@code null}
	 * @param scaffolder writes migration files, or {@code null}
	 * @return this builder
	 */
	public TenantMigrationsBuilder delegates(@Nullable UnitDowngrader downgrader,
			@Nullable MigrationScaffolder scaffolder) {
		this.downgrader = downgrader;
		this.scaffolder = scaffolder;
		return this;
	}

	/**
	 * Build the engine.
	 * @return the engine
	 */
	public MigrationEngine buildEngine() {
		List<ChangeLogLoader> allLoaders = new ArrayList<>(this.loaders);
		allLoaders.add(new LiquibaseChangeLogLoader(this.resourceAccessor, Map.of()));
		MigrationPlanner planner = new MigrationPlanner(allLoaders, this.resourceAccessor, this.contexts, this.labels);
		UnitRunner runner = new UnitRunner(new LiquibaseChangeSetExecutor(this.resourceAccessor), this.hooks,
				this.lockWaitTimeout);
		MigrationStateStore state = new MigrationStateStore(
				(this.registryDataSource != null) ? this.registryDataSource : this.dataSource, this.registryTable);
		return new MigrationEngine(this.dataSource, planner, state, runner,
				new EngineSettings(this.naming, this.sharedSchema, this.parallelism, this.lockWaitTimeout), this.modules,
				this.listeners);
	}

	/**
	 * Build the API.
	 * @return the API
	 */
	public DefaultTenantMigrations build() {
		return new DefaultTenantMigrations(buildEngine(), this.policies, this.hooks, this.downgrader, this.scaffolder);
	}

}
