package io.dotmac.database.migration.source;

import java.math.BigInteger;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The name of the next migration file of a folder, following the pattern of the folder's
 * latest file (the one with the highest version):
 * <ul>
 * <li>none yet: {@code 001_<slug>};</li>
 * <li>sequential: the next number, as wide as the latest ({@code 009} → {@code 010});</li>
 * <li>Flyway: the next major version ({@code V2_1} → {@code V3});</li>
 * <li>timestamp: now, in UTC ({@code yyyyMMddHHmmss}), or the latest plus one second's
 * number when the clock is behind it.</li>
 * </ul>
 * The slug is the description in lower case with every run of other characters turned into
 * {@code _}. Files whose stem has no version are ignored here.
 */
public final class NextMigrationName {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
		.withZone(ZoneOffset.UTC);

	private static final int MAX_SLUG = 60;

	private NextMigrationName() {
	}

	/**
	 * The stem (name without extension) of the next file.
	 * @param existingFileNames the names of the files already in the folder, any extension
	 * @param description what the migration does
	 * @param clock the clock for timestamp folders
	 * @return the stem, for example {@code 004_add_notes}
	 */
	public static String next(Collection<String> existingFileNames, String description, Clock clock) {
		Objects.requireNonNull(existingFileNames, "existingFileNames must not be null");
		String slug = slug(description);
		Optional<SqlMigrationName> latest = existingFileNames.stream()
			.map(NextMigrationName::parseStem)
			.flatMap(Optional::stream)
			.max(Comparator.comparing(SqlMigrationName::version));
		if (latest.isEmpty()) {
			return "001_" + slug;
		}
		SqlMigrationName last = latest.get();
		BigInteger major = last.version().parts().get(0);
		return switch (last.style()) {
			case FLYWAY -> "V" + major.add(BigInteger.ONE) + "__" + slug;
			case SEQUENTIAL -> {
				String digits = String.valueOf(last.version());
				String next = major.add(BigInteger.ONE).toString();
				yield "0".repeat(Math.max(0, digits.length() - next.length())) + next + "_" + slug;
			}
			case TIMESTAMP -> {
				BigInteger now = new BigInteger(TIMESTAMP.format(clock.instant()));
				yield now.max(major.add(BigInteger.ONE)) + "_" + slug;
			}
		};
	}

	/**
	 * The description as a file name part.
	 * @param description what the migration does
	 * @return lower-case letters, digits and {@code _}; {@code migration} when nothing is left
	 */
	public static String slug(String description) {
		String slug = description.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
		if (slug.length() > MAX_SLUG) {
			slug = slug.substring(0, MAX_SLUG).replaceAll("_+$", "");
		}
		return slug.isEmpty() ? "migration" : slug;
	}

	private static Optional<SqlMigrationName> parseStem(String fileName) {
		if (SqlMigrationName.isDowngrade(fileName)) {
			return Optional.empty();
		}
		int dot = fileName.lastIndexOf('.');
		String stem = (dot > 0) ? fileName.substring(0, dot) : fileName;
		try {
			return Optional.of(SqlMigrationName.parse(stem + SqlMigrationName.SUFFIX));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
