package io.dotmac.database.autoconfigure;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.test.util.ReflectionTestUtils;

import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.tenant.CachingTenantRegistry;
import io.dotmac.database.tenant.CompositeTenantResolver;
import io.dotmac.database.tenant.FixedTenantResolver;
import io.dotmac.database.tenant.HeaderTenantResolver;
import io.dotmac.database.tenant.JdbcTenantRegistry;
import io.dotmac.database.tenant.JwtClaimTenantResolver;
import io.dotmac.database.tenant.PathTenantResolver;
import io.dotmac.database.tenant.ProblemDetailTenantRejectionHandler;
import io.dotmac.database.tenant.SubdomainTenantResolver;
import io.dotmac.database.tenant.TenantContextTaskDecorator;
import io.dotmac.database.tenant.TenantFilter;
import io.dotmac.database.tenant.TenantRegistry;
import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;
import io.dotmac.database.tenant.TenantRegistryTable;
import io.dotmac.database.tenant.TenantRejectionHandler;
import io.dotmac.database.tenant.TenantResolver;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyAutoConfigurationTests {

	private static TestDatabase database;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TenancyAutoConfiguration.class))
		.withPropertyValues(dataSourceProperties());

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, TenancyAutoConfiguration.class))
		.withPropertyValues(dataSourceProperties());

	@BeforeAll
	static void createDatabase() {
		database = TestDatabase.create();
	}

	@AfterAll
	static void dropDatabase() {
		if (database != null) {
			database.close();
		}
	}

	private static String[] dataSourceProperties() {
		return new String[] { "spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.ownerUsername(),
				"spring.datasource.password=" + database.ownerPassword() };
	}

	@Test
	void defaultsGiveACachedJdbcRegistryItsSchemaAndTheTaskDecorator() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(CachingTenantRegistry.class);
			assertThat(context).hasSingleBean(TenantRegistry.class);
			assertThat(context.getBean(CachingTenantRegistry.class).getDelegate()).isInstanceOf(JdbcTenantRegistry.class);
			assertThat(context).hasSingleBean(TenantRegistrySchemaInitializer.class);
			assertThat(context.getBean(TenantRegistrySchemaInitializer.class).getTable())
				.isEqualTo(TenantRegistryTable.defaults());
			assertThat(context).hasSingleBean(TenantContextTaskDecorator.class);
			assertThat(context).doesNotHaveBean(TenantFilter.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
		});
	}

	@Test
	void registryPropertiesAreBound() {
		this.runner
			.withPropertyValues("dotmac.database.tenancy.registry.schema=platform",
					"dotmac.database.tenancy.registry.table=tenants",
					"dotmac.database.tenancy.registry.cache.ttl=2s",
					"dotmac.database.tenancy.registry.cache.negative-ttl=0",
					"dotmac.database.tenancy.registry.cache.max-size=7")
			.run((context) -> {
				CachingTenantRegistry registry = context.getBean(CachingTenantRegistry.class);
				assertThat(((JdbcTenantRegistry) registry.getDelegate()).getTable())
					.isEqualTo(TenantRegistryTable.of("platform", "tenants"));
				assertThat(ReflectionTestUtils.getField(registry, "ttlNanos")).isEqualTo(Duration.ofSeconds(2).toNanos());
				assertThat(ReflectionTestUtils.getField(registry, "negativeTtlNanos")).isEqualTo(0L);
				assertThat(ReflectionTestUtils.getField(registry, "maxSize")).isEqualTo(7);
				assertThat(context.getBean(TenantRegistrySchemaInitializer.class).getTable())
					.isEqualTo(TenantRegistryTable.of("platform", "tenants"));
			});
	}

	@Test
	void cacheAndSchemaInitializationCanBeTurnedOff() {
		this.runner
			.withPropertyValues("dotmac.database.tenancy.registry.cache.enabled=false",
					"dotmac.database.tenancy.registry.initialize-schema=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcTenantRegistry.class);
				assertThat(context).doesNotHaveBean(CachingTenantRegistry.class);
				assertThat(context).doesNotHaveBean(TenantRegistrySchemaInitializer.class);
			});
	}

	@Test
	void invalidRegistryTableFailsWithTheProperty() {
		this.runner.withPropertyValues("dotmac.database.tenancy.registry.table=Tenants; DROP")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("dotmac.database.tenancy.registry"));
	}

	@Test
	void userRegistryReplacesRegistryCacheAndSchema() {
		this.runner.withUserConfiguration(UserRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TenantRegistry.class);
			assertThat(context.getBean(TenantRegistry.class)).isSameAs(context.getBean("userRegistry"));
			assertThat(context).doesNotHaveBean(TenantRegistrySchemaInitializer.class);
		});
	}

	@Test
	void noDataSourceMeansNoRegistry() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TenancyAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TenantRegistry.class);
				assertThat(context).hasSingleBean(TenantContextTaskDecorator.class);
			});
	}

	@Test
	void taskDecoratorCanBeTurnedOffOrReplaced() {
		this.runner.withPropertyValues("dotmac.database.tenancy.propagation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskDecorator.class));
		this.runner.withBean("myDecorator", TenantContextTaskDecorator.class, TenantContextTaskDecorator::new)
			.run((context) -> assertThat(context).hasSingleBean(TenantContextTaskDecorator.class)
				.hasBean("myDecorator"));
	}

	@Test
	void schemaInitializerIsADatabaseInitializerThatJpaWaitsFor() {
		this.runner.withConfiguration(AutoConfigurations.of(HibernateJpaAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String[] dependsOn = context.getBeanFactory().getBeanDefinition("entityManagerFactory").getDependsOn();
				assertThat(dependsOn).contains("tenantRegistrySchemaInitializer");
			});
	}

	@Test
	void webApplicationGetsTheFilterWithDefaults() {
		this.webRunner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(TenantFilter.class);
			assertThat(registration.getOrder()).isEqualTo(-90);
			assertThat(registration.determineDispatcherTypes()).containsExactlyInAnyOrder(DispatcherType.REQUEST,
					DispatcherType.ASYNC, DispatcherType.ERROR);
			assertThat(context).hasSingleBean(ProblemDetailTenantRejectionHandler.class);
			CompositeTenantResolver resolver = context.getBean(CompositeTenantResolver.class);
			assertThat(resolver.getResolvers()).singleElement()
				.isInstanceOfSatisfying(HeaderTenantResolver.class,
						(header) -> assertThat(header.getHeaderName()).isEqualTo("X-Tenant-ID"));
			assertThat(ReflectionTestUtils.getField(registration.getFilter(), "excludedPaths"))
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.ARRAY)
				.extracting(Object::toString)
				.containsExactly("/actuator/**", "/error");
		});
	}

	@Test
	void resolverChainFollowsTheProperties() {
		this.webRunner
			.withPropertyValues("dotmac.database.tenancy.resolvers=jwt,subdomain,path,header,fixed",
					"dotmac.database.tenancy.jwt.claim=org", "dotmac.database.tenancy.subdomain.base-domain=example.com",
					"dotmac.database.tenancy.path.segment-index=2", "dotmac.database.tenancy.header-name=X-Org",
					"dotmac.database.tenancy.fixed-tenant=main")
			.run((context) -> {
				List<TenantResolver> chain = context.getBean(CompositeTenantResolver.class).getResolvers();
				assertThat(chain).hasSize(5);
				assertThat(chain.get(0)).isInstanceOfSatisfying(JwtClaimTenantResolver.class,
						(jwt) -> assertThat(jwt.getClaim()).isEqualTo("org"));
				assertThat(chain.get(1)).isInstanceOfSatisfying(SubdomainTenantResolver.class,
						(sub) -> assertThat(sub.getBaseDomain()).isEqualTo("example.com"));
				assertThat(chain.get(2)).isInstanceOf(PathTenantResolver.class).hasToString("path segment 2");
				assertThat(chain.get(3)).isInstanceOfSatisfying(HeaderTenantResolver.class,
						(header) -> assertThat(header.getHeaderName()).isEqualTo("X-Org"));
				assertThat(chain.get(4)).isInstanceOfSatisfying(FixedTenantResolver.class,
						(fixed) -> assertThat(fixed.getTenant().value()).isEqualTo("main"));
			});
	}

	@Test
	void incompleteResolverConfigurationFailsWithTheProperty() {
		this.webRunner.withPropertyValues("dotmac.database.tenancy.resolvers=subdomain")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("dotmac.database.tenancy.subdomain.base-domain"));
		this.webRunner
			.withPropertyValues("dotmac.database.tenancy.resolvers=fixed",
					"dotmac.database.tenancy.fixed-tenant=Not Valid")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("dotmac.database.tenancy.fixed-tenant"));
		this.webRunner.withPropertyValues("dotmac.database.tenancy.path.pattern=/t/{id}/**",
				"dotmac.database.tenancy.resolvers=path")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("{tenant}"));
	}

	@Test
	void jwtResolverWithoutTheResourceServerFailsClearly() {
		this.webRunner.withClassLoader(new FilteredClassLoader(AbstractOAuth2TokenAuthenticationToken.class))
			.withPropertyValues("dotmac.database.tenancy.resolvers=header,jwt")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("spring-security-oauth2-resource-server"));
	}

	@Test
	void filterOrderFollowsSpringSecurityOrIsSetExplicitly() {
		this.webRunner.withPropertyValues("spring.security.filter.order=-50")
			.run((context) -> assertThat(context.getBean(FilterRegistrationBean.class).getOrder()).isEqualTo(-40));
		this.webRunner.withPropertyValues("dotmac.database.tenancy.filter.order=5")
			.run((context) -> assertThat(context.getBean(FilterRegistrationBean.class).getOrder()).isEqualTo(5));
	}

	@Test
	void userBeansReplaceResolverHandlerAndFilter() {
		this.webRunner.withUserConfiguration(UserWebConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TenantResolver.class).hasBean("userResolver");
			assertThat(context).hasSingleBean(TenantRejectionHandler.class).hasBean("userHandler");
			TenantFilter filter = (TenantFilter) context.getBean(FilterRegistrationBean.class).getFilter();
			assertThat(ReflectionTestUtils.getField(filter, "resolver")).isSameAs(context.getBean("userResolver"));
			assertThat(ReflectionTestUtils.getField(filter, "rejectionHandler")).isSameAs(context.getBean("userHandler"));
		});
		this.webRunner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(FilterRegistrationBean.class).hasBean("myTenantFilter");
		});
	}

	@Test
	void filterCanBeTurnedOff() {
		this.webRunner.withPropertyValues("dotmac.database.tenancy.filter.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			assertThat(context).doesNotHaveBean(TenantResolver.class);
			assertThat(context).hasSingleBean(TenantRegistry.class);
		});
	}

	@Test
	void filterWithoutARegistryFailsClearly() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(TenancyAutoConfiguration.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("needs a single TenantRegistry"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		@Bean
		TenantRegistry userRegistry(DataSource dataSource) {
			return new JdbcTenantRegistry(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserWebConfiguration {

		@Bean
		TenantResolver userResolver() {
			return (request) -> request.getHeader("X-Custom");
		}

		@Bean
		TenantRejectionHandler userHandler() {
			return (request, response, rejection) -> response.sendError(rejection.status().value());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		FilterRegistrationBean<TenantFilter> myTenantFilter(TenantRegistry registry) {
			return new FilterRegistrationBean<>(new TenantFilter((request) -> "acme", registry));
		}

	}

}
