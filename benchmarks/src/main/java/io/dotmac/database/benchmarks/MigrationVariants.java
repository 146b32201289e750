package io.dotmac.database.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import liquibase.Scope;
import liquibase.changelog.FastCheckService;
import liquibase.integration.spring.MultiTenantSpringLiquibase;

import org.springframework.core.io.DefaultResourceLoader;

/**
 * The alternatives of the migration benchmark, each timed over a list of schemas.
 */
final class MigrationVariants {

	private MigrationVariants() {
	}

	/**
	 * (a) The naive loop: Liquibase's own {@link MultiTenantSpringLiquibase}, which runs a
	 * {@code SpringLiquibase} with {@code defaultSchema} set to each schema in turn (what the
	 * tutorials do by hand): per schema it checks or creates {@code DATABASECHANGELOGLOCK} and
	 * {@code DATABASECHANGELOG}, takes the lock row, reads the history, runs what is pending and
	 * releases the lock.
	 * @return milliseconds for all schemas
	 */
	static double naive(DataSource dataSource, ClassLoader changelogs, List<String> schemas) throws Exception {
		forgetUpToDateSchemas();
		MultiTenantSpringLiquibase liquibase = new MultiTenantSpringLiquibase();
		liquibase.setDataSource(dataSource);
		liquibase.setChangeLog("classpath:" + MigrationWorkload.CHANGELOG);
		liquibase.setSchemas(new ArrayList<>(schemas));
		liquibase.setResourceLoader(new DefaultResourceLoader(changelogs));
		long start = System.nanoTime();
		liquibase.afterPropertiesSet();
		return (System.nanoTime() - start) / 1e6;
	}

	/**
	 * Empty Liquibase's JVM-wide {@link FastCheckService} cache, which remembers, per URL, schema
	 * and changelog PATH, that a schema was up to date. Each phase of the benchmark stands for a
	 * new application start (a new JVM, an empty cache); without this, the rollout, whose
	 * changelog has the same path and one more changeset, would be skipped as "up to date".
	 */
	static void forgetUpToDateSchemas() {
		Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
	}

	/**
	 * (b) The floor: the same DDL by plain JDBC, one transaction (and one batch) per schema,
	 * no history, no lock, no check, on {@code threads} threads.
	 * @return milliseconds for all schemas
	 */
	static double raw(DataSource dataSource, List<String> schemas, List<String> statements, int threads)
			throws Exception {
		long start = System.nanoTime();
		if (threads == 1) {
			for (String schema : schemas) {
				apply(dataSource, schema, statements);
			}
		}
		else {
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (String schema : schemas) {
					done.add(pool.submit(() -> {
						apply(dataSource, schema, statements);
						return null;
					}));
				}
				for (Future<?> each : done) {
					each.get();
				}
			}
			finally {
				pool.shutdown();
			}
		}
		return (System.nanoTime() - start) / 1e6;
	}

	private static void apply(DataSource dataSource, String schema, List<String> statements) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.addBatch("SET LOCAL search_path TO \"" + schema + "\"");
				for (String sql : statements) {
					statement.addBatch(sql);
				}
				statement.executeBatch();
				connection.commit();
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
		}
	}

}
