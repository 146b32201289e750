package io.dotmac.database.boot;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

import io.dotmac.database.tenant.TenantRegistrySchemaInitializer;

/**
 * A {@code DatabaseInitializerDetector} that tells Spring Boot that a {@link TenantRegistrySchemaInitializer} initializes the database, so
 * that beans which depend on database initialization (JPA's entity manager factory, a
 * {@code JdbcTemplate}) are created after it.
 * <p>
 * Its order puts the registry table before the other initializers (the application's Liquibase
 * or Flyway, SQL scripts), so the application's own migrations can refer to the table, for
 * example with a foreign key to the tenant id.
 */
public final class TenantRegistrySchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	/** Before the application's Liquibase (order 0) and Flyway (order 1). */
	static final int ORDER = -100;

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(TenantRegistrySchemaInitializer.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
