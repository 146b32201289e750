package io.dotmac.database.migration.source;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed name of an SQL migration file in pgdbm's layout. Three patterns are accepted:
 * <ul>
 * <li>{@link Style#SEQUENTIAL}: {@code 001_create_users.sql} (version {@code 001});</li>
 * <li>{@link Style#FLYWAY}: {@code V1__create_users.sql}, {@code V1_2__x.sql} or
 * {@code V1.2__x.sql} (version {@code 1.2});</li>
 * <li>{@link Style#TIMESTAMP}: {@code 20240101120000_create_users.sql}, a sequential name
 * whose number has 14 digits ({@code yyyyMMddHHmmss}).</li>
 * </ul>
 * A sibling {@code <name>.down.sql} holds the downgrade of {@code <name>.sql}. Any other
 * {@code .sql} name is refused: unlike pgdbm there is no fallback to the whole name, whose
 * order would be a surprise.
 *
 * @param fileName the file name, for example {@code 001_create_users.sql}
 * @param version the version
 * @param description the part after the version, for example {@code create_users}
 * @param style which pattern the name follows
 */
public record SqlMigrationName(String fileName, MigrationVersion version, String description, Style style) {

	/** The suffix of a migration file. */
	public static final String SUFFIX = ".sql";

	/** The suffix of the downgrade file that goes with a migration file. */
	public static final String DOWN_SUFFIX = ".down.sql";

	private static final int TIMESTAMP_DIGITS = 14;

	private static final Pattern SEQUENTIAL = Pattern.compile("([0-9]+)_(.+)\\.sql");

	private static final Pattern FLYWAY = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__(.+)\\.sql");

	/**
	 * How a file name writes its version.
	 */
	public enum Style {

		/** {@code 001_x.sql}. */
		SEQUENTIAL,

		/** {@code V1__x.sql}, {@code V1_2__x.sql}. */
		FLYWAY,

		/** {@code 20240101120000_x.sql}. */
		TIMESTAMP

	}

	/**
	 * Validate the name.
	 */
	public SqlMigrationName {
		Objects.requireNonNull(fileName, "fileName must not be null");
		Objects.requireNonNull(version, "version must not be null");
		Objects.requireNonNull(description, "description must not be null");
		Objects.requireNonNull(style, "style must not be null");
	}

	/**
	 * Whether a file name is a downgrade file ({@code <name>.down.sql}).
	 * @param fileName the file name
	 * @return {@code true} for a downgrade file
	 */
	public static boolean isDowngrade(String fileName) {
		return fileName.toLowerCase(Locale.ROOT).endsWith(DOWN_SUFFIX);
	}

	/**
	 * Whether a file name is a migration file: it ends with {@code .sql} and is no downgrade
	 * file.
	 * @param fileName the file name
	 * @return {@code true} for a migration file
	 */
	public static boolean isMigration(String fileName) {
		return fileName.endsWith(SUFFIX) && !isDowngrade(fileName);
	}

	/**
	 * Parse a migration file name.
	 * @param fileName the file name, without folders
	 * @return the parsed name
	 * @throws IllegalArgumentException when the name follows none of the patterns, with a
	 * message that names the file and the patterns
	 */
	public static SqlMigrationName parse(String fileName) {
		Objects.requireNonNull(fileName, "fileName must not be null");
		Matcher flyway = FLYWAY.matcher(fileName);
		if (flyway.matches()) {
			return new SqlMigrationName(fileName, MigrationVersion.parse(flyway.group(1)), flyway.group(2),
					Style.FLYWAY);
		}
		Matcher sequential = SEQUENTIAL.matcher(fileName);
		if (sequential.matches()) {
			String digits = sequential.group(1);
			Style style = (digits.length() == TIMESTAMP_DIGITS) ? Style.TIMESTAMP : Style.SEQUENTIAL;
			return new SqlMigrationName(fileName, MigrationVersion.parse(digits), sequential.group(2), style);
		}
		String hint = fileName.startsWith("R__") ? " (repeatable migrations are not supported)" : "";
		throw new IllegalArgumentException("SQL migration file '" + fileName + "' has no version" + hint
				+ ": name it 001_description.sql, V1__description.sql or 20240101120000_description.sql");
	}

	/**
	 * The changeset id: the file name without {@code .sql}, so that the history shows which
	 * file ran.
	 * @return the id
	 */
	public String changeSetId() {
		return this.fileName.substring(0, this.fileName.length() - SUFFIX.length());
	}

	/**
	 * The name of the downgrade file that goes with this migration.
	 * @return {@code <name>.down.sql}
	 */
	public String downgradeFileName() {
		return changeSetId() + DOWN_SUFFIX;
	}

}
