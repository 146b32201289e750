package io.dotmac.database.entity;

import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.embedded.test.TestServers;
import io.dotmac.database.rls.RlsPolicyManager;
import io.dotmac.database.rls.RlsSettings;

/**
 * Gives the test database of an entity test context a system-scope role of its own before
 * Liquibase runs: the changelog's {@code enableTenantRls} changes grant that role on every
 * tenant table (and fail when it does not exist), and the tests read across tenants in
 * the system scope. Roles are cluster-wide, so the name carries the database's. The owner
 * role may not create roles, so the administrator creates it, as an operator would, with
 * the owner (which the application connects as) and the application role as members that
 * do not inherit it; it is dropped again with the context.
 * <p>
 * Runs after {@code @DotmacTestServers} has registered the {@link TestDatabase}; sets
 * {@code dotmac.database.rls.system-role} and the changelog parameter {@code systemRole}.
 */
final class EntityTestSystemRole implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestDatabase database = context.getBeanFactory().getBean(TestDatabase.class);
		String systemRole = database.name() + "_sys";
		new RlsPolicyManager(admin(database), RlsSettings.defaults().withSystemRole(systemRole))
			.createSystemRole(database.ownerUsername(), database.appUsername());
		context.getEnvironment()
			.getPropertySources()
			.addLast(new MapPropertySource("entityTestSystemRole", Map.of("dotmac.database.rls.system-role",
					systemRole, "spring.liquibase.parameters.systemRole", systemRole)));
		// Registered after the test database, so destroyed before it is dropped (also when
		// the context fails to start): the role's privileges are in that database.
		((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("entityTestSystemRole",
				() -> {
					JdbcTemplate admin = new JdbcTemplate(admin(database));
					admin.execute("DROP OWNED BY " + systemRole);
					admin.execute("DROP ROLE " + systemRole);
				});
	}

	private static DataSource admin(TestDatabase database) {
		PostgresServer server = TestServers.postgres();
		PGSimpleDataSource admin = new PGSimpleDataSource();
		admin.setURL(database.jdbcUrl());
		admin.setUser(server.adminUsername());
		admin.setPassword(server.adminPassword());
		return admin;
	}

}
