package io.dotmac.database.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgdbm's placeholders in migration SQL: {@code {{schema}}} becomes the quoted target schema
 * ({@code "t_acme"}) and {@code {{tables.name}}} the quoted, schema-qualified table
 * ({@code "t_acme"."name"}). Anything else between double braces is an error, found when the
 * template is loaded rather than when it runs.
 */
public final class SqlTemplates {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

	private static final Pattern TABLE = Pattern.compile("tables\\.([A-Za-z_][A-Za-z0-9_$]{0,62})");

	private SqlTemplates() {
	}

	/**
	 * Whether a text contains any placeholder.
	 * @param sql the SQL
	 * @return {@code true} when it does
	 */
	public static boolean hasPlaceholders(String sql) {
		return PLACEHOLDER.matcher(sql).find();
	}

	/**
	 * The placeholders of a template that are not understood.
	 * @param template the template
	 * @return the unknown placeholders as written, empty when all are valid
	 */
	public static List<String> unknownPlaceholders(String template) {
		List<String> unknown = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		while (matcher.find()) {
			String name = matcher.group(1);
			if (!"schema".equals(name) && !TABLE.matcher(name).matches()) {
				unknown.add(matcher.group());
			}
		}
		return unknown;
	}

	/**
	 * Expand a template for a schema.
	 * @param template the template
	 * @param schema the unquoted target schema
	 * @return the SQL for that schema
	 * @throws IllegalArgumentException for an unknown placeholder
	 */
	public static String expand(String template, String schema) {
		String quotedSchema = quote(schema);
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder expanded = new StringBuilder(template.length() + 32);
		while (matcher.find()) {
			String name = matcher.group(1);
			String replacement;
			if ("schema".equals(name)) {
				replacement = quotedSchema;
			}
			else {
				Matcher table = TABLE.matcher(name);
				if (!table.matches()) {
					throw new IllegalArgumentException("Unknown placeholder " + matcher.group()
							+ ": use {{schema}} or {{tables.<name>}}");
				}
				replacement = quotedSchema + "." + quote(table.group(1));
			}
			matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(expanded);
		return expanded.toString();
	}

	private static String quote(String identifier) {
		if (identifier.isEmpty() || identifier.indexOf('"') >= 0 || identifier.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("Invalid identifier for a template: '" + identifier + "'");
		}
		return '"' + identifier + '"';
	}

}
