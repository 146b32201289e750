package io.dotmac.database.entity.model;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application of the entity integration tests: Spring Boot's auto-configuration
 * (DataSource, Liquibase, Hibernate, Spring Data JPA repositories, dotmac's entity
 * auditing) with the entities and repositories of this package.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class EntityTestApplication {

}
