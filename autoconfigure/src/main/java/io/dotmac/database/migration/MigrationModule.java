package io.dotmac.database.migration;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A unit of migrations that is tracked on its own, in the spirit of pgdbm's
 * {@code module_name}: an application's own migrations are the {@linkplain #DEFAULT_NAME
 * default module}; a library can ship a module of its own and have it run inside a host
 * application. Each module has its own history table ({@link #historyTable()}), so two modules
 * may both contain {@code 001_initial.sql}.
 * <p>
 * A module has a shared part (applied once, to the shared schema, before any tenant work) and
 * a tenant part (applied to every tenant schema in schema-per-tenant mode; once, to the shared
 * tables, in Row-Level Security mode); either may be absent. A location is a Liquibase
 * changelog ({@code .yaml}, {@code .yml}, {@code .xml}, {@code .json}, {@code .sql}) or, when
 * it ends with {@code /}, a folder of plain SQL files in pgdbm's layout.
 *
 * @param name the module name: lower-case letters, digits and {@code _}, starting with a
 * letter, at most 40 characters
 * @param order modules run in ascending order, then by name
 * @param sharedLocation the shared changelog or SQL folder, or {@code null}
 * @param tenantLocation the tenant changelog or SQL folder, or {@code null}
 */
public record MigrationModule(String name, int order, @Nullable String sharedLocation,
		@Nullable String tenantLocation) implements Comparable<MigrationModule> {

	/** The name of the application's own module, whose history is Liquibase's default table. */
	public static final String DEFAULT_NAME = "app";

	/** What a module name may look like. */
	public static final String NAME_PATTERN = "[a-z][a-z0-9_]{0,39}";

	private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

	/**
	 * Validate the module.
	 */
	public MigrationModule {
		Objects.requireNonNull(name, "name must not be null");
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(
					"Module name '" + name + "' is invalid: it must match " + NAME_PATTERN);
		}
		if (isBlank(sharedLocation) && isBlank(tenantLocation)) {
			throw new IllegalArgumentException(
					"Module '" + name + "' has neither a shared nor a tenant location: give at least one");
		}
		sharedLocation = isBlank(sharedLocation) ? null : sharedLocation;
		tenantLocation = isBlank(tenantLocation) ? null : tenantLocation;
	}

	/**
	 * The table in each target schema that holds this module's Liquibase history:
	 * {@code databasechangelog} for the {@linkplain #DEFAULT_NAME default module} (so an
	 * existing Spring Boot Liquibase history carries on), {@code databasechangelog_<name>}
	 * for every other module. Liquibase's own tools read it with
	 * {@code --database-changelog-table-name}.
	 * @return the unquoted table name
	 */
	public String historyTable() {
		return DEFAULT_NAME.equals(this.name) ? "databasechangelog" : "databasechangelog_" + this.name;
	}

	/**
	 * The location of one part of the module.
	 * @param target shared or tenant
	 * @return the location, or {@code null} when the module has no such part
	 */
	public @Nullable String location(MigrationTarget target) {
		return (target == MigrationTarget.SHARED) ? this.sharedLocation : this.tenantLocation;
	}

	@Override
	public int compareTo(MigrationModule other) {
		int byOrder = Integer.compare(this.order, other.order);
		return (byOrder != 0) ? byOrder : this.name.compareTo(other.name);
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
