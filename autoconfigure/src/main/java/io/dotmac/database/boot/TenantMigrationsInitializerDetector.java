package io.dotmac.database.boot;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

import io.dotmac.database.migration.engine.TenantMigrationsInitializer;

/**
 * A {@code DatabaseInitializerDetector} that tells Spring Boot that a
 * {@link TenantMigrationsInitializer} initializes the database, so that JPA's entity manager
 * factory and other beans that depend on database initialization are created after the
 * migrations ran. Ordered after the tenant registry's schema (whose schema holds the migration
 * state table) and before other initializers.
 */
public final class TenantMigrationsInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	/** After the tenant registry (-100), before Spring Boot's Liquibase (0) and Flyway (1). */
	static final int ORDER = -50;

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(TenantMigrationsInitializer.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
