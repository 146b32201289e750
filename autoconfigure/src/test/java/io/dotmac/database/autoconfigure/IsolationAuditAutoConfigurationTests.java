package io.dotmac.database.autoconfigure;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.actuate.TenantIsolationEndpoint;
import io.dotmac.database.actuate.TenantIsolationHealthIndicator;
import io.dotmac.database.autoconfigure.isolation.TenantNote;
import io.dotmac.database.boot.IsolationAuditFailureAnalyzer;
import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.IsolationAuditException;
import io.dotmac.database.rls.IsolationAuditSettings;
import io.dotmac.database.rls.IsolationAuditStartupCheck;
import io.dotmac.database.rls.IsolationAuditor;
import io.dotmac.database.rls.IsolationCheck;
import io.dotmac.database.rls.IsolationFinding;
import io.dotmac.database.rls.TenantTableSql;

import static org.assertj.core.api.Assertions.assertThat;

@DotmacTestServers
@ExtendWith(OutputCaptureExtension.class)
class IsolationAuditAutoConfigurationTests {

	private final TestDatabase database;

	IsolationAuditAutoConfigurationTests(TestDatabase database) {
		this.database = database;
	}

	@AfterEach
	void dropTables() {
		new JdbcTemplate(this.database.ownerDataSource()).execute("DROP TABLE IF EXISTS customers");
	}

	private ApplicationContextRunner runner() {
		return runner(this.database);
	}

	private static ApplicationContextRunner runner(TestDatabase database) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, IsolationAuditAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + database.appUsername(),
					"spring.datasource.password=" + database.appPassword());
	}

	@Test
	void auditsWithDefaultsAndFailsOnViolationsByDefault() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(IsolationAuditor.class)
				.hasSingleBean(IsolationAuditStartupCheck.class)
				.hasSingleBean(TenantIsolationHealthIndicator.class)
				.hasBean("tenantIsolationHealthIndicator");
			IsolationAuditProperties properties = context.getBean(IsolationAuditProperties.class);
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.isFailOnViolation()).isTrue();
			assertThat(properties.getSchemas()).isEmpty();
			assertThat(properties.getIgnoreTables()).isEmpty();
			assertThat(properties.getTenantColumn()).isNull();
			assertThat(properties.getSettingName()).isNull();
			IsolationAuditSettings settings = context.getBean(IsolationAuditor.class).settings();
			assertThat(settings.schemas()).isEmpty();
			assertThat(settings.tenantColumn()).isEqualTo("tenant_id");
			assertThat(settings.settingName()).isEqualTo("app.current_tenant_id");
			assertThat(context.getBean(IsolationAuditStartupCheck.class).isFailOnViolation()).isTrue();
			// The audit runs as the application's own role.
			assertThat(context.getBean(IsolationAuditor.class).audit().role()).isEqualTo(this.database.appUsername());
		});
	}

	@Test
	void startsAndSaysSoWhenThereAreNoTenantTablesYet(CapturedOutput output) {
		runner().run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("0 tenant tables in public, nothing to protect yet")
			.contains("[INFO] NO_TENANT_TABLES: No table in schemas public has a column tenant_id");
	}

	@Test
	void canBeSwitchedOff() {
		runner().withPropertyValues("dotmac.database.rls.audit.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(IsolationAuditor.class)
				.doesNotHaveBean(IsolationAuditStartupCheck.class)
				.doesNotHaveBean(TenantIsolationHealthIndicator.class);
		});
	}

	@Test
	void needsADataSource() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(IsolationAuditAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IsolationAuditor.class));
	}

	@Test
	void bindsEveryProperty() {
		runner()
			.withPropertyValues("dotmac.database.rls.audit.schemas=public,billing",
					"dotmac.database.rls.audit.ignore-tables=lookup,billing.legacy",
					"dotmac.database.rls.audit.tenant-column=org_id",
					"dotmac.database.rls.audit.setting-name=acme.org",
					"dotmac.database.rls.audit.fail-on-violation=false")
			.run((context) -> {
				IsolationAuditSettings settings = context.getBean(IsolationAuditor.class).settings();
				assertThat(settings.schemas()).containsExactly("public", "billing");
				assertThat(settings.ignoredTables()).containsExactlyInAnyOrder("lookup", "billing.legacy");
				assertThat(settings.tenantColumn()).isEqualTo("org_id");
				assertThat(settings.settingName()).isEqualTo("acme.org");
				assertThat(context.getBean(IsolationAuditStartupCheck.class).isFailOnViolation()).isFalse();
			});
	}

	@Test
	void followsTheRlsSettingNameUnlessTheAuditHasItsOwn() {
		runner().withPropertyValues("dotmac.database.rls.setting-name=acme.tenant").run((context) -> {
			assertThat(context.getBean(IsolationAuditor.class).settings().settingName()).isEqualTo("acme.tenant");
		});
		runner().withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
					Map.of("DOTMAC_DATABASE_RLS_SETTINGNAME", "acme.env"))))
			.run((context) -> {
			assertThat(context.getBean(IsolationAuditor.class).settings().settingName()).isEqualTo("acme.env");
		});
		runner()
			.withPropertyValues("dotmac.database.rls.setting-name=acme.tenant",
					"dotmac.database.rls.audit.setting-name=acme.audit")
			.run((context) -> {
				assertThat(context.getBean(IsolationAuditor.class).settings().settingName()).isEqualTo("acme.audit");
			});
	}

	@Test
	void followsTheRlsTenantColumnUnlessTheAuditHasItsOwn() {
		// Otherwise an application whose tables use org_id would find no tenant tables and pass.
		runner().withPropertyValues("dotmac.database.rls.tenant-column=org_id").run((context) -> {
			assertThat(context.getBean(IsolationAuditor.class).settings().tenantColumn()).isEqualTo("org_id");
		});
		runner()
			.withPropertyValues("dotmac.database.rls.tenant-column=org_id",
					"dotmac.database.rls.audit.tenant-column=account_id")
			.run((context) -> {
				assertThat(context.getBean(IsolationAuditor.class).settings().tenantColumn()).isEqualTo("account_id");
			});
	}

	@Test
	void rejectsAnInvalidSettingNameAtStartup() {
		runner().withPropertyValues("dotmac.database.rls.audit.setting-name=tenant").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(DatabaseValidationException.class)
				.hasMessageContaining("Invalid setting name 'tenant'");
			assertThat(context.getStartupFailure()).hasMessageContaining(
					"dotmac.database.rls.audit.setting-name: Invalid setting name 'tenant'");
		});
		runner().withPropertyValues("dotmac.database.rls.setting-name=app.").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("dotmac.database.rls.setting-name: Invalid setting name 'app.'");
		});
		runner().withPropertyValues("dotmac.database.rls.audit.schemas=public, ").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("dotmac.database.rls.audit.schemas");
		});
	}

	@Test
	void violationStopsStartupWithAnAnalysableFailure() {
		unprotectedTable();
		runner().run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).isInstanceOf(IsolationAuditException.class);
			FailureAnalysis analysis = new IsolationAuditFailureAnalyzer().analyze(failure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.startsWith("PostgreSQL does not enforce tenant isolation for the application role "
						+ this.database.appUsername() + ". The isolation audit found 2 violations in 1 tenant table:")
				.contains("public.customers: Row-Level Security is not enabled on public.customers");
			assertThat(analysis.getAction()).contains("ALTER TABLE public.customers ENABLE ROW LEVEL SECURITY;")
				.contains("CREATE POLICY tenant_isolation ON public.customers USING (tenant_id = NULLIF(");
		});
	}

	@Test
	void violationIsLoggedWhenNotFailingOnIt(CapturedOutput output) {
		unprotectedTable();
		runner().withPropertyValues("dotmac.database.rls.audit.fail-on-violation=false").run((context) -> {
			assertThat(context).hasNotFailed();
			Health health = context.getBean(TenantIsolationHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		});
		assertThat(output).contains("ERROR")
			.contains("1 tenant table in public, 2 violations, 0 warnings")
			.contains("Starting anyway: fail-on-violation is off.");
	}

	@Test
	void ignoredTableDoesNotStopStartup() {
		unprotectedTable();
		runner().withPropertyValues("dotmac.database.rls.audit.ignore-tables=customers")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runsAfterLiquibaseMigrations() {
		try (TestDatabase fresh = TestDatabase.create()) {
			liquibase(fresh, "unprotected-tenant-table").run((context) -> {
				// Before the migration there is no table at all, and nothing to fail on.
				assertThat(context).hasFailed();
				IsolationAuditException failure = auditFailure(context.getStartupFailure());
				assertThat(failure.getReport().tenantTables()).containsExactly("public.customers");
			});
		}
		try (TestDatabase fresh = TestDatabase.create()) {
			liquibase(fresh, "protected-tenant-table").run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IsolationAuditor.class).audit().findings()).isEmpty();
			});
		}
	}

	@Test
	void runsAfterLiquibaseMigrationsWithLazyInitialization() {
		// Lazy beans are created on first use; the audit must still wait for the migration.
		try (TestDatabase fresh = TestDatabase.create()) {
			liquibase(fresh, "unprotected-tenant-table")
				.withInitializer((context) -> context
					.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(auditFailure(context.getStartupFailure()).getReport().tenantTables())
						.containsExactly("public.customers");
				});
		}
	}

	@Test
	void runsAfterEveryBeanThatChangesTheSchemaAtStartup() {
		// A schema change from a bean that is created after the audit's own beans.
		runner().withConfiguration(AutoConfigurations.of(LateSchemaChangeAutoConfiguration.class))
			.withPropertyValues("late-schema-change.url=" + this.database.jdbcUrl(),
					"late-schema-change.owner=" + this.database.ownerUsername(),
					"late-schema-change.owner-password=" + this.database.ownerPassword())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(auditFailure(context.getStartupFailure()).getReport().tenantTables())
					.containsExactly("public.customers");
			});
	}

	@Test
	void runsAfterHibernateSchemaGeneration() {
		try (TestDatabase fresh = TestDatabase.create()) {
			new JdbcTemplate(fresh.ownerDataSource()).execute("GRANT CREATE ON SCHEMA public TO " + fresh.appUsername());
			runner(fresh)
				.withConfiguration(
						AutoConfigurations.of(HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class))
				.withUserConfiguration(TenantNoteConfiguration.class)
				.withPropertyValues("spring.jpa.hibernate.ddl-auto=create")
				.run((context) -> {
					assertThat(context).hasFailed();
					IsolationAuditException failure = auditFailure(context.getStartupFailure());
					assertThat(failure.getReport().tenantTables()).containsExactly("public.tenant_notes");
					assertThat(failure.getReport().violations()).extracting(IsolationFinding::check)
						.containsExactly(IsolationCheck.RLS_DISABLED, IsolationCheck.NO_POLICY);
				});
		}
	}

	@Test
	void endpointNeedsExposure() {
		runner().run((context) -> assertThat(context).doesNotHaveBean(TenantIsolationEndpoint.class));
		runner().withPropertyValues("management.endpoints.web.exposure.include=tenantisolation")
			.run((context) -> assertThat(context).hasSingleBean(TenantIsolationEndpoint.class));
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		runner().withPropertyValues("management.health.tenantisolation.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(IsolationAuditor.class)
				.doesNotHaveBean(TenantIsolationHealthIndicator.class));
	}

	@Test
	void worksWithoutActuator() {
		runner().withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(IsolationAuditStartupCheck.class)
				.doesNotHaveBean(TenantIsolationEndpoint.class)
				.doesNotHaveBean(TenantIsolationHealthIndicator.class));
	}

	@Test
	void backsOffForTheUsersBeans() {
		runner().withPropertyValues("management.endpoints.web.exposure.include=tenantisolation")
			.withUserConfiguration(UserBeansConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IsolationAuditor.class)).isSameAs(UserBeansConfiguration.AUDITOR);
				assertThat(context.getBean(TenantIsolationEndpoint.class)).isSameAs(UserBeansConfiguration.ENDPOINT);
				assertThat(context.getBean("tenantIsolationHealthIndicator"))
					.isSameAs(UserBeansConfiguration.HEALTH_INDICATOR);
				assertThat(context.getBean(IsolationAuditStartupCheck.class).isFailOnViolation()).isFalse();
			});
	}

	private static IsolationAuditException auditFailure(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof IsolationAuditException audit) {
				return audit;
			}
		}
		throw new AssertionError("No IsolationAuditException in " + failure, failure);
	}

	private void unprotectedTable() {
		TenantTableSql.execute(this.database.ownerDataSource(),
				List.of("CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id varchar(48) NOT NULL)",
						"CREATE INDEX ON customers (tenant_id)",
						"GRANT SELECT ON customers TO " + this.database.appUsername()));
	}

	private static ApplicationContextRunner liquibase(TestDatabase database, String changelog) {
		// Migrations run as the owner, the application as its own role: the usual split.
		return runner(database).withConfiguration(AutoConfigurations.of(LiquibaseAutoConfiguration.class))
			.withPropertyValues("spring.liquibase.change-log=classpath:db/isolation-audit/" + changelog + ".yaml",
					"spring.liquibase.url=" + database.jdbcUrl(), "spring.liquibase.user=" + database.ownerUsername(),
					"spring.liquibase.password=" + database.ownerPassword());
	}

	@AutoConfiguration(after = IsolationAuditAutoConfiguration.class)
	static class LateSchemaChangeAutoConfiguration {

		@Bean
		InitializingBean lateSchemaChange(Environment environment) {
			return () -> {
				DriverManagerDataSource owner = new DriverManagerDataSource(
						environment.getRequiredProperty("late-schema-change.url"),
						environment.getRequiredProperty("late-schema-change.owner"),
						environment.getRequiredProperty("late-schema-change.owner-password"));
				new JdbcTemplate(owner)
					.execute("CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id varchar(48) NOT NULL)");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = TenantNote.class)
	static class TenantNoteConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		static final DataSource NOWHERE = new SimpleDriverDataSource();

		static final IsolationAuditor AUDITOR = new IsolationAuditor(NOWHERE);

		static final TenantIsolationEndpoint ENDPOINT = new TenantIsolationEndpoint(AUDITOR);

		static final TenantIsolationHealthIndicator HEALTH_INDICATOR = new TenantIsolationHealthIndicator(AUDITOR);

		@Bean
		IsolationAuditor myAuditor() {
			return AUDITOR;
		}

		@Bean
		TenantIsolationEndpoint myEndpoint() {
			return ENDPOINT;
		}

		@Bean
		TenantIsolationHealthIndicator tenantIsolationHealthIndicator() {
			return HEALTH_INDICATOR;
		}

		@Bean
		IsolationAuditStartupCheck myStartupCheck() {
			return new IsolationAuditStartupCheck(AUDITOR, false);
		}

	}

}
