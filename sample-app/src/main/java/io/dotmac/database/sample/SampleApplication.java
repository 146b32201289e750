package io.dotmac.database.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * The multi-tenant ISP demo. With {@code dotmac-database-embedded} on the classpath and nothing
 * configured, it runs on a real embedded PostgreSQL and Redis.
 */
@SpringBootApplication
@EnableCaching
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
