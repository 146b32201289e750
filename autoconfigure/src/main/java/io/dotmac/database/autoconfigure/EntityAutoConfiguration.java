package io.dotmac.database.autoconfigure;

import jakarta.persistence.EntityManagerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.AuditorAware;
import org.springframework.data.jpa.domain.support.AuditingEntityListener;
import org.springframework.data.jpa.repository.config.EnableJpaAuditing;
import org.springframework.security.core.context.SecurityContextHolder;

import io.dotmac.database.entity.Audited;
import io.dotmac.database.entity.SecurityAuditorAware;

/**
 * Auditing for the {@linkplain Audited audited} base entities: turns on Spring Data JPA
 * auditing, so that {@code created_by} and {@code updated_by} are filled, and supplies the
 * auditor from Spring Security.
 * <p>
 * {@code @EnableJpaAuditing} cannot be made conditional on itself, so it sits on a nested
 * configuration that is skipped when a bean named {@value #AUDITING_HANDLER_BEAN_NAME}
 * exists: an application that declares {@code @EnableJpaAuditing} itself (with its own
 * {@code auditorAwareRef}, {@code dateTimeProviderRef} or {@code modifyOnCreate}) keeps
 * exactly its configuration. A skipped configuration class contributes no bean definitions,
 * its imported registrars included, which is also how Spring Boot backs off its own
 * repository registration.
 * <p>
 * With Spring Security on the class path, a {@link SecurityAuditorAware} (the authenticated
 * principal's name) is registered unless the application defines an {@link AuditorAware}
 * bean. Without Spring Security and without an {@code AuditorAware} of the application's,
 * there is no auditor and the columns stay {@code NULL}.
 * <p>
 * {@code dotmac.database.entity.auditing.enabled=false} turns all of this off.
 */
@AutoConfiguration(afterName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({ EntityManagerFactory.class, AuditingEntityListener.class })
@ConditionalOnBean(EntityManagerFactory.class)
@ConditionalOnBooleanProperty(name = "dotmac.database.entity.auditing.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EntityProperties.class)
public final class EntityAutoConfiguration {

	/** Name of the bean that {@code @EnableJpaAuditing} registers. */
	static final String AUDITING_HANDLER_BEAN_NAME = "jpaAuditingHandler";

	EntityAutoConfiguration() {
	}

	// @EnableJpaAuditing insists on spring-aspects (Spring Boot's JPA starter brings it);
	// without it, back off instead of failing the start.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.beans.factory.aspectj.AnnotationBeanConfigurerAspect")
	@ConditionalOnMissingBean(name = AUDITING_HANDLER_BEAN_NAME)
	@EnableJpaAuditing
	static class JpaAuditingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SecurityContextHolder.class)
	static class SecurityAuditorConfiguration {

		@Bean
		@ConditionalOnMissingBean(AuditorAware.class)
		SecurityAuditorAware securityAuditorAware() {
			return new SecurityAuditorAware();
		}

	}

}
