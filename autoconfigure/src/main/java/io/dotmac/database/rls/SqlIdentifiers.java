package io.dotmac.database.rls;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;

/**
 * Validation and quoting of the names that go into RLS SQL: table, schema, column, role and
 * setting names. Names are checked against a strict pattern before any SQL is written, and
 * identifiers are then always double-quoted, so a name is taken exactly as given (case
 * included) and can never be read as SQL. Public so that the migration guards
 * ({@code io.dotmac.database.migration.guard}) build their SQL with the same rules.
 */
public final class SqlIdentifiers {

	/** PostgreSQL truncates identifiers to 63 bytes; the pattern allows ASCII only. */
	public static final int MAX_IDENTIFIER_LENGTH = 63;

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

	/** A custom setting needs a prefix: {@code app.current_tenant_id}. */
	private static final Pattern SETTING_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)+");

	private static final int MAX_SETTING_NAME_LENGTH = 127;

	private SqlIdentifiers() {
	}

	/**
	 * Check a name for use as an SQL identifier.
	 * @param what what the name is, for the message ("table name")
	 * @param name the name
	 * @return the name
	 * @throws DatabaseValidationException when the name is not a plain identifier
	 */
	public static String requireIdentifier(String what, @Nullable String name) {
		if (name == null || !IDENTIFIER.matcher(name).matches()) {
			throw new DatabaseValidationException("Invalid " + what + ": " + describe(name) + "; expected 1 to "
					+ MAX_IDENTIFIER_LENGTH + " letters, digits, '_' or '$', not starting with a digit or '$'");
		}
		return name;
	}

	/**
	 * Check a custom PostgreSQL setting name ({@code prefix.name}).
	 * @param name the setting name
	 * @return the name
	 * @throws DatabaseValidationException when the name is not a valid custom setting name
	 */
	public static String requireSettingName(@Nullable String name) {
		if (name == null || name.length() > MAX_SETTING_NAME_LENGTH || !SETTING_NAME.matcher(name).matches()) {
			throw new DatabaseValidationException("Invalid setting name: " + describe(name)
					+ "; expected a lower-case custom setting name with a prefix, such as 'app.current_tenant_id'");
		}
		return name;
	}

	/**
	 * Quote a validated identifier.
	 * @param identifier a name that passed {@link #requireIdentifier}
	 * @return the quoted identifier
	 */
	public static String quote(String identifier) {
		return '"' + identifier + '"';
	}

	/**
	 * A string literal for a validated identifier or setting name (which holds no quote).
	 * @param name a validated name
	 * @return the literal
	 */
	public static String literal(String name) {
		return "'" + name + "'";
	}

	// Identifiers are not secrets; quote the rejected value (shortened) so the user finds it.
	private static String describe(@Nullable String name) {
		if (name == null) {
			return "none given";
		}
		String shown = (name.length() > 80) ? name.substring(0, 80) + "..." : name;
		return "'" + shown.replace("\n", "\\n").replace("\r", "\\r") + "'";
	}

}
