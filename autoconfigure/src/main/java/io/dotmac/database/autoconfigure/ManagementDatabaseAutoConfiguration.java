package io.dotmac.database.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.dotmac.database.jdbc.DatabaseUrl;
import io.dotmac.database.jdbc.ManagementDatabase;

/**
 * The management database of seed 001's dual-database layout: when
 * {@code dotmac.database.management.url} is set, a small Hikari pool to it, as a
 * {@link ManagementDatabase} (not a {@code DataSource} bean, so that the application's own
 * stays the single candidate). {@link TenancyAutoConfiguration} then keeps the tenant
 * registry there, and creates its table there first, as a database initializer, before JPA
 * and the application's migrations touch tenant data. Unset, the registry lives in a shared
 * schema of the application's database.
 */
@AutoConfiguration(before = TenancyAutoConfiguration.class)
@ConditionalOnClass(HikariDataSource.class)
@ConditionalOnProperty(name = "dotmac.database.management.url")
@EnableConfigurationProperties(ManagementDatabaseProperties.class)
public final class ManagementDatabaseAutoConfiguration {

	ManagementDatabaseAutoConfiguration() {
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ManagementDatabase managementDatabase(ManagementDatabaseProperties properties) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("dotmac-management");
		String url = properties.getUrl();
		if (url.startsWith("jdbc:")) {
			pool.setJdbcUrl(url);
		}
		else {
			// postgres://user:secret@host/db, as DATABASE_URL takes it.
			DatabaseUrl parsed = DatabaseUrl.parse(url);
			pool.setJdbcUrl(parsed.jdbcUrl());
			pool.setUsername(parsed.username());
			pool.setPassword(parsed.password());
		}
		if (!properties.getUsername().isEmpty()) {
			pool.setUsername(properties.getUsername());
		}
		if (!properties.getPassword().isEmpty()) {
			pool.setPassword(properties.getPassword());
		}
		pool.setMaximumPoolSize(properties.getMaximumPoolSize());
		return new ManagementDatabase(pool);
	}

}
