package io.dotmac.database.autoconfigure;

import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.auditing.AuditingHandler;
import org.springframework.data.domain.AuditorAware;
import org.springframework.data.jpa.domain.support.AuditingEntityListener;
import org.springframework.data.jpa.repository.config.EnableJpaAuditing;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.entity.SecurityAuditorAware;
import io.dotmac.database.entity.model.Comment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EntityAutoConfiguration}: when it enables auditing, when it backs off, and which
 * auditor the auditing handler ends up with (checked by letting the handler stamp an
 * audited entity).
 */
@DotmacTestServers
class EntityAutoConfigurationTests {

	private static TestDatabase database;

	@BeforeAll
	static void database(TestDatabase testDatabase) {
		database = testDatabase;
	}

	@AfterEach
	void clearSecurityContext() {
		SecurityContextHolder.clearContext();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, EntityAutoConfiguration.class))
			.withUserConfiguration(Entities.class)
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + database.appUsername(),
					"spring.datasource.password=" + database.appPassword(), "spring.jpa.hibernate.ddl-auto=none");
	}

	private static Comment stampAs(AssertableApplicationContext context, String user) {
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, java.util.List.of()));
		Comment comment = new Comment("audited");
		context.getBean(AuditingHandler.class).markCreated(comment);
		return comment;
	}

	@Test
	void enablesAuditingWithTheSecurityPrincipalAsAuditor() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(AuditingHandler.class)
				.hasBean(EntityAutoConfiguration.AUDITING_HANDLER_BEAN_NAME)
				.hasSingleBean(SecurityAuditorAware.class)
				.hasSingleBean(EntityProperties.class);
			Comment comment = stampAs(context, "alice");
			assertThat(comment.getCreatedBy()).isEqualTo("alice");
			assertThat(comment.getUpdatedBy()).isEqualTo("alice");
		});
	}

	@Test
	void backsOffWhenTheApplicationEnablesAuditingItself() {
		runner().withUserConfiguration(OwnAuditing.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(AuditingHandler.class)
				.doesNotHaveBean(SecurityAuditorAware.class);
			Comment comment = stampAs(context, "alice");
			// The application's settings are in effect: its auditor, and modifyOnCreate = false.
			assertThat(comment.getCreatedBy()).isEqualTo("own-auditor");
			assertThat(comment.getUpdatedBy()).isNull();
		});
	}

	@Test
	void applicationAuditorAwareReplacesTheDefault() {
		runner().withUserConfiguration(OwnAuditor.class).run((context) -> {
			assertThat(context).doesNotHaveBean(SecurityAuditorAware.class).hasSingleBean(AuditingHandler.class);
			assertThat(stampAs(context, "alice").getCreatedBy()).isEqualTo("own-auditor");
		});
	}

	@Test
	void withoutSpringSecurityThereIsNoAuditor() {
		runner().withClassLoader(new FilteredClassLoader(SecurityContextHolder.class)).run((context) -> {
			assertThat(context).hasSingleBean(AuditingHandler.class).doesNotHaveBean(AuditorAware.class);
			assertThat(stampAs(context, "alice").getCreatedBy()).isNull();
		});
	}

	@Test
	void propertyTurnsAuditingOff() {
		runner().withPropertyValues("dotmac.database.entity.auditing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AuditingHandler.class)
				.doesNotHaveBean(SecurityAuditorAware.class)
				.doesNotHaveBean(EntityProperties.class));
	}

	@Test
	void backsOffWithoutSpringAspects() {
		runner().withClassLoader(new FilteredClassLoader("org.springframework.beans.factory.aspectj"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AuditingHandler.class));
	}

	@Test
	void backsOffWithoutSpringDataJpa() {
		runner().withClassLoader(new FilteredClassLoader(AuditingEntityListener.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EntityAutoConfiguration.class)
				.doesNotHaveBean(AuditingHandler.class));
	}

	@Test
	void backsOffWithoutAnEntityManagerFactory() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EntityAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EntityAutoConfiguration.class)
				.doesNotHaveBean(AuditingHandler.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = Comment.class)
	static class Entities {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaAuditing(auditorAwareRef = "ownAuditor", modifyOnCreate = false)
	static class OwnAuditing {

		@Bean
		AuditorAware<String> ownAuditor() {
			return () -> Optional.of("own-auditor");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAuditor {

		@Bean
		AuditorAware<String> ownAuditor() {
			return () -> Optional.of("own-auditor");
		}

	}

}
