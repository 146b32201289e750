package io.dotmac.database.migration.engine;

import java.util.Map;
import java.util.Objects;

import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParser;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ResourceAccessor;

import io.dotmac.database.migration.MigrationInitException;

/**
 * Reads Liquibase changelogs ({@code .xml}, {@code .yaml}, {@code .yml}, {@code .json},
 * formatted {@code .sql}) with Liquibase's own parsers, includes and changelog parameters
 * resolved. Every location not ending with {@code /} is its.
 */
public class LiquibaseChangeLogLoader implements ChangeLogLoader {

	private final ResourceAccessor resourceAccessor;

	private final Map<String, String> parameters;

	/**
	 * Create a loader.
	 * @param resourceAccessor where changelogs are found (a {@code ClassLoaderResourceAccessor}
	 * for the class path)
	 * @param parameters changelog parameters ({@code ${name}} in changelogs)
	 */
	public LiquibaseChangeLogLoader(ResourceAccessor resourceAccessor, Map<String, String> parameters) {
		this.resourceAccessor = Objects.requireNonNull(resourceAccessor, "resourceAccessor must not be null");
		this.parameters = Map.copyOf(parameters);
	}

	@Override
	public boolean supports(String location) {
		return !location.endsWith("/");
	}

	@Override
	public DatabaseChangeLog load(String location) {
		String path = stripClasspath(location);
		try {
			return LiquibaseScopes.call(this.resourceAccessor, () -> {
				ChangeLogParameters changeLogParameters = new ChangeLogParameters(
						LiquibaseScopes.offlinePostgres(this.resourceAccessor));
				this.parameters.forEach(changeLogParameters::set);
				ChangeLogParser parser = ChangeLogParserFactory.getInstance().getParser(path, this.resourceAccessor);
				return parser.parse(path, changeLogParameters, this.resourceAccessor);
			});
		}
		catch (Exception ex) {
			throw new MigrationInitException("Could not read changelog " + location + ": " + ex.getMessage()
					+ "; check that it exists on the class path and is valid", ex, null, null, null);
		}
	}

	/**
	 * A location without its {@code classpath:} prefix, as Liquibase records it.
	 * @param location the location
	 * @return the path
	 */
	static String stripClasspath(String location) {
		return location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
	}

	@Override
	public String toString() {
		return "LiquibaseChangeLogLoader[" + this.resourceAccessor + "]";
	}

}
