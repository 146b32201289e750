package io.dotmac.database.migration.liquibase;

import java.util.Objects;

import liquibase.changelog.DatabaseChangeLog;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The changelog of one module part, as Liquibase needs it for an operation on a unit: either a
 * location to parse (a class path changelog) or a changelog already built (for example from a
 * folder of plain SQL files), the resources it reads, and the contexts and labels that filter
 * its changesets.
 *
 * @param location the changelog's location ({@code classpath:} prefix allowed), or {@code null}
 * when {@code changeLog} is given
 * @param changeLog a changelog already built, or {@code null} to parse {@code location}
 * @param resourceAccessor where the changelog, its includes and its SQL files are read
 * @param contexts Liquibase contexts (comma-separated), or {@code null} for all
 * @param labels Liquibase label expression, or {@code null} for all
 */
public record UnitChangelog(@Nullable String location, @Nullable DatabaseChangeLog changeLog,
		ResourceAccessor resourceAccessor, @Nullable String contexts, @Nullable String labels) {

	/**
	 * Validate the changelog.
	 */
	public UnitChangelog {
		Objects.requireNonNull(resourceAccessor, "resourceAccessor must not be null");
		if ((location == null || location.isBlank()) && changeLog == null) {
			throw new IllegalArgumentException("Give a changelog location or a built changelog");
		}
		if (location != null && location.startsWith("classpath:")) {
			location = location.substring("classpath:".length());
		}
	}

	/**
	 * A class path changelog, read with this library's class loader.
	 * @param location the location ({@code classpath:} prefix allowed)
	 * @return the changelog
	 */
	public static UnitChangelog of(String location) {
		return of(location, defaultClassLoader());
	}

	/**
	 * A class path changelog.
	 * @param location the location ({@code classpath:} prefix allowed)
	 * @param classLoader where it and its includes are found
	 * @return the changelog
	 */
	public static UnitChangelog of(String location, ClassLoader classLoader) {
		Objects.requireNonNull(location, "location must not be null");
		return new UnitChangelog(location, null, new ClassLoaderResourceAccessor(classLoader), null, null);
	}

	/**
	 * A changelog already built.
	 * @param changeLog the changelog
	 * @param resourceAccessor where the files it refers to are read
	 * @return the changelog
	 */
	public static UnitChangelog of(DatabaseChangeLog changeLog, ResourceAccessor resourceAccessor) {
		Objects.requireNonNull(changeLog, "changeLog must not be null");
		return new UnitChangelog(null, changeLog, resourceAccessor, null, null);
	}

	/**
	 * The same changelog filtered by contexts and labels.
	 * @param contexts Liquibase contexts, or {@code null} for all
	 * @param labels Liquibase label expression, or {@code null} for all
	 * @return a new changelog reference
	 */
	public UnitChangelog withFilter(@Nullable String contexts, @Nullable String labels) {
		return new UnitChangelog(this.location, this.changeLog, this.resourceAccessor, contexts, labels);
	}

	/**
	 * How the changelog is named in messages.
	 * @return the location, or the built changelog's path
	 */
	public String describe() {
		if (this.location != null) {
			return this.location;
		}
		return (this.changeLog != null) ? String.valueOf(this.changeLog.getPhysicalFilePath()) : "(changelog)";
	}

	private static ClassLoader defaultClassLoader() {
		ClassLoader classLoader = UnitChangelog.class.getClassLoader();
		return (classLoader != null) ? classLoader : ClassLoader.getSystemClassLoader();
	}

}
