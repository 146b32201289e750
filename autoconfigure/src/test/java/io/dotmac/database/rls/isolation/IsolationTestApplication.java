package io.dotmac.database.rls.isolation;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

import io.dotmac.database.autoconfigure.ReadReplicaAutoConfiguration;
import io.dotmac.database.autoconfigure.RlsAutoConfiguration;
import io.dotmac.database.autoconfigure.SchemaAutoConfiguration;

/**
 * The application under test: Spring Boot's JDBC, JPA and transaction auto-configuration
 * with the starter's read/write split and its RLS or schema hook (whichever the
 * strategy's properties turn on), exactly as a user gets them, plus the
 * note entity and repository.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, ReadReplicaAutoConfiguration.class,
		RlsAutoConfiguration.class, SchemaAutoConfiguration.class, HibernateJpaAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class,
		TransactionAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class })
@EntityScan(basePackageClasses = Note.class)
@EnableJpaRepositories(basePackageClasses = NoteRepository.class)
public class IsolationTestApplication {

}
