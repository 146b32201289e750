package io.dotmac.database.migration.engine;

import liquibase.sqlgenerator.core.MarkChangeSetRanGenerator;

/**
 * The Liquibase version written into the {@code LIQUIBASE} column, the same value Liquibase
 * writes.
 */
final class LiquibaseVersion {

	static final String VALUE = MarkChangeSetRanGenerator.getLiquibaseBuildVersion();

	private LiquibaseVersion() {
	}

}
