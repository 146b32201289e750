package io.dotmac.database.migration.source;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The version of an SQL migration file, as a sequence of non-negative integers compared part by
 * part: {@code 001_x.sql} is {@code 1}, {@code V1_2__x.sql} is {@code 1.2},
 * {@code 20240101120000_x.sql} is {@code 20240101120000}. Trailing zero parts do not count
 * ({@code 1.0} equals {@code 1}), nor do leading zeros ({@code 001} equals {@code 1}), so two
 * files that only differ in how they write the same number are duplicates.
 * <p>
 * Because every pattern becomes numbers, a folder may mix patterns and still has one order:
 * sequential files ({@code 001}, {@code 002}, ...) sort before timestamp files
 * ({@code 20240101120000}), which is what a project that switches from numbers to timestamps
 * needs.
 */
public final class MigrationVersion implements Comparable<MigrationVersion> {

	private static final Pattern TEXT = Pattern.compile("[0-9]+([._][0-9]+)*");

	private final List<BigInteger> parts;

	private final String text;

	private MigrationVersion(List<BigInteger> parts, String text) {
		this.parts = parts;
		this.text = text;
	}

	/**
	 * Parse a version such as {@code 001}, {@code 1.2}, {@code 1_2} or {@code 20240101120000}.
	 * @param text digits, optionally separated by {@code .} or {@code _}
	 * @return the version
	 * @throws IllegalArgumentException when the text is not such a version
	 */
	public static MigrationVersion parse(String text) {
		Objects.requireNonNull(text, "text must not be null");
		if (!TEXT.matcher(text).matches()) {
			throw new IllegalArgumentException("Invalid migration version '" + text + "'");
		}
		List<BigInteger> parts = new ArrayList<>();
		for (String part : text.split("[._]")) {
			parts.add(new BigInteger(part));
		}
		// 1.0 is 1: drop trailing zero parts, keeping at least one.
		while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
			parts.remove(parts.size() - 1);
		}
		return new MigrationVersion(List.copyOf(parts), text);
	}

	/**
	 * The numeric parts, without trailing zeros.
	 * @return the parts
	 */
	public List<BigInteger> parts() {
		return this.parts;
	}

	@Override
	public int compareTo(MigrationVersion other) {
		int common = Math.min(this.parts.size(), other.parts.size());
		for (int i = 0; i < common; i++) {
			int byPart = this.parts.get(i).compareTo(other.parts.get(i));
			if (byPart != 0) {
				return byPart;
			}
		}
		return Integer.compare(this.parts.size(), other.parts.size());
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof MigrationVersion version) && this.parts.equals(version.parts);
	}

	@Override
	public int hashCode() {
		return this.parts.hashCode();
	}

	/**
	 * The version as written in the file name.
	 * @return the text
	 */
	@Override
	public String toString() {
		return this.text;
	}

}
