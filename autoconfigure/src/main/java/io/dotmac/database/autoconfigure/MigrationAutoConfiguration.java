package io.dotmac.database.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.util.StringUtils;

import io.dotmac.database.jdbc.ManagementDatabase;
import io.dotmac.database.migration.guard.TenantDataMigrationChange;
import io.dotmac.database.migration.guard.TenantIsolationMode;
import io.dotmac.database.migration.liquibase.EngineUnitDowngrader;
import io.dotmac.database.migration.liquibase.LiquibaseUnitDowngrader;
import io.dotmac.database.migration.source.FileMigrationScaffolder;
import io.dotmac.database.migration.source.HibernateModelDiff;
import io.dotmac.database.migration.source.MigrationAutogenerator;
import io.dotmac.database.migration.source.MigrationSources;
import io.dotmac.database.migration.source.SqlFolderChangeLogLoader;
import io.dotmac.database.migration.MigrationHook;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationPolicy;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationScaffolder;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.engine.ChangeLogLoader;
import io.dotmac.database.migration.engine.DefaultTenantMigrations;
import io.dotmac.database.migration.engine.EngineSettings;
import io.dotmac.database.migration.engine.EngineTenantSchemaMigrator;
import io.dotmac.database.migration.engine.LiquibaseChangeLogLoader;
import io.dotmac.database.migration.engine.LiquibaseChangeSetExecutor;
import io.dotmac.database.migration.engine.MigrationEngine;
import io.dotmac.database.migration.engine.MigrationPlanner;
import io.dotmac.database.migration.engine.MigrationStateStore;
import io.dotmac.database.migration.engine.TenantMigrationsInitializer;
import io.dotmac.database.migration.engine.UnitDowngrader;
import io.dotmac.database.migration.engine.UnitRunner;
import io.dotmac.database.schema.SchemaSettings;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;

/**
 * Tenant-aware migrations, when {@code dotmac.database.migrations.enabled=true}: the
 * {@link MigrationEngine} and the {@link TenantMigrations} API on the application's data source
 * (the pool under the tenant hook), with the modules of {@code dotmac.database.migrations.*}
 * (the application's own module {@code app} from {@code shared-changelog} and
 * {@code tenant-changelog}; in schema-per-tenant mode the tenant changelog defaults to
 * {@code dotmac.database.schema.changelog}) plus the application's and libraries'
 * {@link MigrationModule} beans; every {@link MigrationListener}, {@link MigrationHook},
 * {@link MigrationPolicy} and {@link ChangeLogLoader} bean, and a {@link UnitDowngrader} and
 * {@link MigrationScaffolder} when there are.
 * <p>
 * On start-up a {@link TenantMigrationsInitializer} (a database initializer, after the tenant
 * registry's, so JPA waits) brings everything to the head, unless {@code run-on-startup=false}.
 * Spring Boot's own Liquibase is switched off by
 * {@code io.dotmac.database.boot.MigrationEnvironmentPostProcessor}. In schema-per-tenant mode,
 * provisioning a tenant migrates its schema through the engine too
 * ({@link EngineTenantSchemaMigrator}).
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, ManagementDatabaseAutoConfiguration.class,
		TenancyAutoConfiguration.class, SchemaAutoConfiguration.class, RlsAutoConfiguration.class })
@ConditionalOnClass(name = "liquibase.changelog.DatabaseChangeLog")
@ConditionalOnBooleanProperty("dotmac.database.migrations.enabled")
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties({ MigrationProperties.class, TenancyProperties.class })
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class MigrationAutoConfiguration {

	private static final String PREFIX = "dotmac.database.migrations";

	MigrationAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationEngine migrationEngine(DataSource dataSource, MigrationProperties properties, TenancyProperties tenancy,
			Environment environment, ObjectProvider<SchemaSettings> schemaSettings,
			ObjectProvider<ManagementDatabase> management, ObjectProvider<MigrationModule> moduleBeans,
			ObjectProvider<ChangeLogLoader> loaderBeans, ObjectProvider<MigrationListener> listeners,
			ObjectProvider<MigrationHook> hooks, ResourceLoader resourceLoader) {
		boolean schemaMode = tenancy.getStrategy() == TenancyProperties.Strategy.SCHEMA;
		SchemaSettings settings = schemaMode ? schemaSettings.getIfAvailable(SchemaSettings::defaults) : null;
		ClassLoader classLoader = (resourceLoader.getClassLoader() != null) ? resourceLoader.getClassLoader()
				: MigrationAutoConfiguration.class.getClassLoader();
		ResourceAccessor resourceAccessor = new ClassLoaderResourceAccessor(classLoader);
		List<ChangeLogLoader> loaders = new ArrayList<>(loaderBeans.orderedStream().toList());
		loaders.add(new LiquibaseChangeLogLoader(resourceAccessor, changeLogParameters(schemaMode, tenancy)));
		MigrationPlanner planner = new MigrationPlanner(loaders, resourceAccessor, properties.getContexts(),
				properties.getLabels());
		UnitRunner runner = new UnitRunner(new LiquibaseChangeSetExecutor(resourceAccessor),
				hooks.orderedStream().toList(), properties.getLockWaitTimeout());
		DataSource pool = unhooked(dataSource);
		ManagementDatabase managementDatabase = management.getIfAvailable();
		DataSource registryDataSource = (managementDatabase != null) ? managementDatabase.getDataSource() : pool;
		MigrationStateStore state = new MigrationStateStore(registryDataSource,
				TenancyAutoConfiguration.registryTable(tenancy));
		if (properties.getParallelism() < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + ".parallelism", properties.getParallelism(),
					"At least one schema at a time");
		}
		String sharedSchema = (settings != null && !settings.sharedSchemas().isEmpty()) ? settings.sharedSchemas().get(0)
				: "public";
		EngineSettings engineSettings = new EngineSettings((settings != null) ? settings.naming() : null, sharedSchema,
				properties.getParallelism(), properties.getLockWaitTimeout());
		return new MigrationEngine(pool, planner, state, runner, engineSettings,
				modules(properties, environment, schemaMode, moduleBeans), listeners.orderedStream().toList());
	}

	static List<MigrationModule> modules(MigrationProperties properties, Environment environment, boolean schemaMode,
			ObjectProvider<MigrationModule> moduleBeans) {
		List<MigrationModule> modules = new ArrayList<>();
		String tenantChangelog = properties.getTenantChangelog();
		if (!StringUtils.hasText(tenantChangelog) && schemaMode) {
			tenantChangelog = environment.getProperty("dotmac.database.schema.changelog");
		}
		if (StringUtils.hasText(properties.getSharedChangelog()) || StringUtils.hasText(tenantChangelog)) {
			modules.add(new MigrationModule(MigrationModule.DEFAULT_NAME, 0, properties.getSharedChangelog(),
					tenantChangelog));
		}
		properties.getModules().forEach((name, module) -> {
			try {
				modules.add(new MigrationModule(name, module.getOrder(), module.getShared(), module.getTenant()));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + ".modules." + name, name,
						ex.getMessage());
			}
		});
		moduleBeans.orderedStream().forEach(modules::add);
		return modules;
	}

	/**
	 * Parameters every changelog sees: the isolation strategy and the registry table, which the
	 * tenant guards and per-tenant data migrations read.
	 */
	static Map<String, String> changeLogParameters(boolean schemaMode, TenancyProperties tenancy) {
		return Map.of(TenantIsolationMode.CHANGELOG_PARAMETER, schemaMode ? "schema" : "rls",
				TenantDataMigrationChange.REGISTRY_TABLE_PARAMETER,
				TenancyAutoConfiguration.registryTable(tenancy).qualifiedName());
	}

	@Bean
	@ConditionalOnMissingBean
	MigrationSources migrationSources(ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return (classLoader != null) ? new MigrationSources(classLoader) : new MigrationSources();
	}

	@Bean
	@ConditionalOnMissingBean
	SqlFolderChangeLogLoader sqlFolderChangeLogLoader(MigrationSources sources) {
		return new SqlFolderChangeLogLoader(sources);
	}

	@Bean
	@ConditionalOnMissingBean(UnitDowngrader.class)
	EngineUnitDowngrader engineUnitDowngrader(MigrationSources sources, MigrationProperties properties) {
		return new EngineUnitDowngrader(new LiquibaseUnitDowngrader(properties.getLockWaitTimeout()), sources,
				properties.getContexts(), properties.getLabels());
	}

	@Bean
	@ConditionalOnMissingBean(MigrationScaffolder.class)
	FileMigrationScaffolder migrationScaffolder(MigrationEngine engine, DataSource dataSource,
			ResourceLoader resourceLoader, BeanFactory beanFactory) {
		// Autogenerate needs liquibase-hibernate7 and the application's entity packages.
		MigrationAutogenerator autogenerator = (HibernateModelDiff.isAvailable(resourceLoader.getClassLoader())
				&& AutoConfigurationPackages.has(beanFactory))
						? new HibernateModelDiff(unhooked(dataSource), AutoConfigurationPackages.get(beanFactory))
						: null;
		return new FileMigrationScaffolder(engine.modules(), autogenerator, Clock.systemUTC());
	}

	/** The pool under the tenant hook: migrations work outside any tenant's scope. */
	private static DataSource unhooked(DataSource dataSource) {
		DataSource current = dataSource;
		while (current instanceof DelegatingDataSource delegating && delegating.getTargetDataSource() != null) {
			current = delegating.getTargetDataSource();
		}
		return current;
	}

	@Bean
	@ConditionalOnMissingBean(TenantMigrations.class)
	DefaultTenantMigrations tenantMigrations(MigrationEngine engine, ObjectProvider<MigrationPolicy> policies,
			ObjectProvider<MigrationHook> hooks, ObjectProvider<UnitDowngrader> downgrader,
			ObjectProvider<MigrationScaffolder> scaffolder) {
		return new DefaultTenantMigrations(engine, policies.orderedStream().toList(), hooks.orderedStream().toList(),
				downgrader.getIfAvailable(), scaffolder.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = PREFIX + ".run-on-startup", matchIfMissing = true)
	TenantMigrationsInitializer tenantMigrationsInitializer(TenantMigrations migrations, MigrationProperties properties,
			ObjectProvider<TenantRegistrySchemaInitializer> registrySchema) {
		// The state table is created by the registry's changelog: have that run first.
		registrySchema.getIfAvailable();
		MigrationRequest request = MigrationRequest.allTenants();
		if (properties.isDeepVerify()) {
			request = request.withDeepVerify();
		}
		return new TenantMigrationsInitializer(migrations, request, properties.isFailOnError());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "dotmac.database.tenancy.strategy", havingValue = "schema")
	static class SchemaProvisioningConfiguration {

		@Bean
		@ConditionalOnMissingBean(io.dotmac.database.schema.TenantSchemaMigrator.class)
		EngineTenantSchemaMigrator engineTenantSchemaMigrator(MigrationEngine engine,
				ObjectProvider<DefaultTenantMigrations> migrations, ObjectProvider<MigrationPolicy> policies,
				ObjectProvider<MigrationHook> hooks, ObjectProvider<SchemaSettings> settings) {
			// Our API, or (when the application replaced TenantMigrations) one of our own on the engine.
			DefaultTenantMigrations api = migrations.getIfAvailable(() -> new DefaultTenantMigrations(engine,
					policies.orderedStream().toList(), hooks.orderedStream().toList(), null, null));
			return new EngineTenantSchemaMigrator(api, settings.getIfAvailable(SchemaSettings::defaults).naming());
		}

	}

}
