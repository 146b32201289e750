package io.dotmac.database.autoconfigure;

import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.actuate.TenantIsolationEndpoint;
import io.dotmac.database.actuate.TenantIsolationHealthIndicator;
import io.dotmac.database.rls.IsolationAuditSettings;
import io.dotmac.database.rls.IsolationAuditStartupCheck;
import io.dotmac.database.rls.IsolationAuditor;

/**
 * Tenant isolation audit: checks at startup that PostgreSQL enforces Row-Level Security for
 * the application's role on every tenant-aware table, and keeps checking as the
 * {@code tenantIsolation} health indicator and the {@code tenantisolation} actuator
 * endpoint.
 * <p>
 * The audit uses the application's {@link DataSource}, so it audits the role the
 * application really runs as. The startup check is a {@code SmartInitializingSingleton}
 * marked {@link DependsOnDatabaseInitialization}: it runs after Liquibase, Flyway and
 * Hibernate's schema generation (they run while their beans are created, and
 * {@code afterSingletonsInstantiated} comes after every bean) and before the web server
 * starts. With {@code dotmac.database.rls.audit.fail-on-violation} (the default) a
 * violation stops startup with an {@code IsolationAuditException}, which a failure
 * analyzer explains. The endpoint and health indicator need actuator on the class path.
 * Every bean backs off when the user defines one of the same type (the health indicator:
 * of the same name).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		afterName = { "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
				"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" })
@ConditionalOnClass(JdbcTemplate.class)
@ConditionalOnProperty(name = "dotmac.database.tenancy.strategy", havingValue = "rls", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "dotmac.database.rls.audit.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(IsolationAuditProperties.class)
public final class IsolationAuditAutoConfiguration {

	/** The RLS feature's setting name, which the audit follows unless told otherwise. */
	static final String RLS_SETTING_NAME_PROPERTY = "dotmac.database.rls.setting-name";

	/** The RLS feature's tenant column, which the audit follows unless told otherwise. */
	static final String RLS_TENANT_COLUMN_PROPERTY = "dotmac.database.rls.tenant-column";

	IsolationAuditAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	IsolationAuditor isolationAuditor(DataSource dataSource, IsolationAuditProperties properties,
			Environment environment) {
		IsolationAuditSettings.Builder settings = IsolationAuditSettings.builder();
		String prefix = "dotmac.database.rls.audit.";
		configure(prefix + "schemas", () -> settings.schemas(properties.getSchemas()));
		configure(prefix + "ignore-tables", () -> settings.ignoredTables(properties.getIgnoreTables()));
		// Unless told otherwise, the audit checks what the RLS feature sets up: the same
		// tenant column and setting. (Bound rather than read, so that environment variables
		// such as DOTMAC_DATABASE_RLS_SETTINGNAME work too.)
		Binder binder = Binder.get(environment);
		followRls(binder, prefix + "tenant-column", properties.getTenantColumn(), RLS_TENANT_COLUMN_PROPERTY,
				settings::tenantColumn);
		followRls(binder, prefix + "setting-name", properties.getSettingName(), RLS_SETTING_NAME_PROPERTY,
				settings::settingName);
		return new IsolationAuditor(dataSource, settings.build());
	}

	private static void followRls(Binder binder, String auditProperty, @Nullable String auditValue,
			String rlsProperty, Consumer<String> setter) {
		if (auditValue != null) {
			configure(auditProperty, () -> setter.accept(auditValue));
		}
		else {
			binder.bind(rlsProperty, String.class).ifBound((value) -> configure(rlsProperty, () -> setter.accept(value)));
		}
	}

	/** Names the property in the error when a value is rejected. */
	private static void configure(String property, Runnable setter) {
		try {
			setter.run();
		}
		catch (DatabaseValidationException ex) {
			throw new DatabaseValidationException(property + ": " + ex.getMessage(), ex);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	IsolationAuditStartupCheck isolationAuditStartupCheck(IsolationAuditor isolationAuditor,
			IsolationAuditProperties properties) {
		return new IsolationAuditStartupCheck(isolationAuditor, properties.isFailOnViolation());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		TenantIsolationEndpoint tenantIsolationEndpoint(IsolationAuditor isolationAuditor) {
			return new TenantIsolationEndpoint(isolationAuditor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("tenantisolation")
	static class HealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tenantIsolationHealthIndicator")
		TenantIsolationHealthIndicator tenantIsolationHealthIndicator(IsolationAuditor isolationAuditor) {
			return new TenantIsolationHealthIndicator(isolationAuditor);
		}

	}

}
