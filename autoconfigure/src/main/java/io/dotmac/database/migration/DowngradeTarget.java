package io.dotmac.database.migration;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How far a downgrade goes back: a number of changesets, or to a tag (the tagged changeset
 * stays applied). Uses the changesets' rollback blocks (or Liquibase's automatic rollback).
 *
 * @param count how many changesets to roll back, or {@code 0} when a tag is given
 * @param tag the tag to go back to, or {@code null} when a count is given
 */
public record DowngradeTarget(int count, @Nullable String tag) {

	/**
	 * Validate the target.
	 */
	public DowngradeTarget {
		if ((tag == null) == (count <= 0)) {
			throw new IllegalArgumentException("Give either a positive count or a tag, not both, not neither");
		}
	}

	/**
	 * Roll back the last changesets.
	 * @param changeSets how many, at least 1
	 * @return the target
	 */
	public static DowngradeTarget count(int changeSets) {
		return new DowngradeTarget(changeSets, null);
	}

	/**
	 * Roll back to a tag.
	 * @param tag the tag
	 * @return the target
	 */
	public static DowngradeTarget tag(String tag) {
		return new DowngradeTarget(0, Objects.requireNonNull(tag, "tag must not be null"));
	}

}
