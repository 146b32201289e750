package io.dotmac.database.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The fast path of provisioning: the DDL and data copy that make a new schema an exact
 * copy of a migrated template schema, rendered once from the catalogs and replayed for
 * each new tenant in one transaction and one round trip.
 * <p>
 * The statements name the new schema's objects without a schema and run with
 * {@code search_path} set to the new schema alone; they name the template's objects
 * qualified. Rendered with {@code search_path} set to the template, PostgreSQL's own
 * deparsers ({@code pg_get_constraintdef}, {@code pg_get_viewdef}, {@code pg_get_expr})
 * leave the template's own objects unqualified, so they resolve to the copies.
 * <p>
 * What is copied: sequences (with their values), tables with everything
 * {@code LIKE ... INCLUDING ALL} takes but indexes (columns, defaults, identity, generated
 * columns, NOT NULL and CHECK constraints, comments, storage, statistics), primary keys,
 * unique and exclusion constraints and indexes under their own names, their rows (reference rows and the Liquibase history, so later migrations
 * see the copy at head), sequence defaults, sequence ownership, foreign keys and views.
 * A template with anything else (functions, triggers, types, materialized views,
 * partitioned or foreign tables, policies, rules) has no plan, and provisioning runs the
 * migrations instead: slower, never wrong.
 */
final class SchemaClonePlan {

	private final String template;

	private final List<String> statements;

	private SchemaClonePlan(String template, List<String> statements) {
		this.template = template;
		this.statements = List.copyOf(statements);
	}

	String template() {
		return this.template;
	}

	List<String> statements() {
		return this.statements;
	}

	/**
	 * Render the plan for a template schema.
	 * @param connection a connection in a transaction of its own (the caller rolls it back)
	 * @param template the unquoted template schema name
	 * @return the plan, or the reason why the template cannot be cloned
	 */
	static Result render(Connection connection, String template) throws SQLException {
		try (PreparedStatement path = connection.prepareStatement("SELECT set_config('search_path', ?, true)")) {
			path.setString(1, SchemaNaming.quote(template));
			path.execute();
		}
		String unsupported = unsupported(connection, template);
		if (unsupported != null) {
			return new Result(null, unsupported);
		}
		String qualifiedTemplate = SchemaNaming.quote(template);
		List<String> statements = new ArrayList<>();
		// Sequences that are not identity sequences (LIKE makes new identity sequences itself).
		query(connection, """
				SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
				       s.seqcache, s.seqcycle
				FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
				WHERE c.relnamespace = ?::regnamespace AND c.relkind = 'S'
				  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
				ORDER BY c.relname""", template, (row) -> statements.add("CREATE SEQUENCE " + q(row.getString(1))
				+ " AS " + row.getString(2) + " START " + row.getLong(3) + " INCREMENT " + row.getLong(4)
				+ " MINVALUE " + row.getLong(5) + " MAXVALUE " + row.getLong(6) + " CACHE " + row.getLong(7)
				+ (row.getBoolean(8) ? " CYCLE" : " NO CYCLE")));
		List<String> tables = new ArrayList<>();
		query(connection, "SELECT c.relname FROM pg_class c WHERE c.relnamespace = ?::regnamespace"
				+ " AND c.relkind = 'r' ORDER BY c.relname", template, (row) -> tables.add(row.getString(1)));
		for (String table : tables) {
			// Indexes come later, under their own names (LIKE would rename them).
			statements.add("CREATE TABLE " + q(table) + " (LIKE " + qualifiedTemplate + "." + q(table)
					+ " INCLUDING ALL EXCLUDING INDEXES)");
		}
		// Defaults that draw from a sequence still point at the template's; point them at the copy.
		query(connection, """
				SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid)
				FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
				JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
				WHERE c.relnamespace = ?::regnamespace AND c.relkind = 'r' AND a.attidentity = ''
				  AND a.attgenerated = '' AND pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%'
				ORDER BY 1, 2""", template, (row) -> statements.add("ALTER TABLE " + q(row.getString(1))
				+ " ALTER COLUMN " + q(row.getString(2)) + " SET DEFAULT " + row.getString(3)));
		// The rows: reference data and the Liquibase history, identity values kept.
		query(connection, """
				SELECT c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
				FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
				WHERE c.relnamespace = ?::regnamespace AND c.relkind = 'r' AND a.attnum > 0
				  AND NOT a.attisdropped AND a.attgenerated = ''
				GROUP BY c.relname ORDER BY c.relname""", template,
				(row) -> statements.add("INSERT INTO " + q(row.getString(1)) + " (" + row.getString(2)
						+ ") OVERRIDING SYSTEM VALUE SELECT " + row.getString(2) + " FROM " + qualifiedTemplate
						+ "." + q(row.getString(1))));
		// Sequence values, identity sequences included.
		query(connection, """
				SELECT c.relname, t.relname, a.attname
				FROM pg_class c
				LEFT JOIN pg_depend d ON d.objid = c.oid AND d.deptype = 'i' AND d.classid = 'pg_class'::regclass
				LEFT JOIN pg_class t ON t.oid = d.refobjid
				LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
				WHERE c.relnamespace = ?::regnamespace AND c.relkind = 'S'
				ORDER BY 1""", template, (row) -> {
			String source = qualifiedTemplate + "." + q(row.getString(1));
			String target = (row.getString(2) != null)
					? "pg_get_serial_sequence(" + literal(q(row.getString(2))) + ", " + literal(row.getString(3)) + ")"
					: literal(q(row.getString(1)));
			statements.add("SELECT setval(" + target + ", last_value, is_called) FROM " + source);
		});
		// Ownership of plain sequences by their columns (serial columns).
		query(connection, """
				SELECT s.relname, t.relname, a.attname
				FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype = 'a'
				  AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
				JOIN pg_class t ON t.oid = d.refobjid
				JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
				WHERE s.relnamespace = ?::regnamespace AND s.relkind = 'S'
				ORDER BY 1""", template, (row) -> statements.add("ALTER SEQUENCE " + q(row.getString(1))
				+ " OWNED BY " + q(row.getString(2)) + "." + q(row.getString(3))));
		// Primary keys, unique and exclusion constraints, with their names, after the rows.
		query(connection, """
				SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
				FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
				WHERE k.connamespace = ?::regnamespace AND k.contype IN ('p', 'u', 'x')
				ORDER BY 1, 2""", template, (row) -> statements.add("ALTER TABLE " + q(row.getString(1))
				+ " ADD CONSTRAINT " + q(row.getString(2)) + " " + row.getString(3)));
		// The other indexes, with their names; the deparser qualifies the table, which must go.
		String qualifier = quoteIdent(connection, template) + ".";
		query(connection, """
				SELECT pg_get_indexdef(i.indexrelid)
				FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
				WHERE c.relnamespace = ?::regnamespace
				  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
				ORDER BY c.relname""", template,
				(row) -> statements.add(row.getString(1).replace(" ON " + qualifier, " ON ")
					.replace(" ON ONLY " + qualifier, " ON ONLY ")));
		// Foreign keys, after the rows.
		query(connection, """
				SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
				FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
				WHERE k.connamespace = ?::regnamespace AND k.contype = 'f'
				ORDER BY 1, 2""", template, (row) -> statements.add("ALTER TABLE " + q(row.getString(1))
				+ " ADD CONSTRAINT " + q(row.getString(2)) + " " + row.getString(3)));
		// Views, in creation order so that views on views come after their bases.
		query(connection, "SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c"
				+ " WHERE c.relnamespace = ?::regnamespace AND c.relkind = 'v' ORDER BY c.oid", template,
				(row) -> statements.add("CREATE VIEW " + q(row.getString(1)) + " AS "
						+ row.getString(2).strip().replaceAll(";+$", "")));
		return new Result(new SchemaClonePlan(template, statements), null);
	}

	private static String quoteIdent(Connection connection, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT quote_ident(?)")) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getString(1);
			}
		}
	}

	/** What the plan cannot copy, or null when it can copy everything. */
	private static @Nullable String unsupported(Connection connection, String template) throws SQLException {
		String sql = """
				SELECT 'relation ' || relname || ' of kind ' || relkind::text FROM pg_class
				  WHERE relnamespace = ?::regnamespace AND relkind NOT IN ('r', 'S', 'v', 'i')
				UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = ?::regnamespace
				UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typnamespace = ?::regnamespace
				  AND typtype <> 'c' AND typcategory <> 'A'
				UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
				  WHERE c.relnamespace = ?::regnamespace AND NOT t.tgisinternal
				UNION ALL SELECT 'policy ' || p.polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
				  WHERE c.relnamespace = ?::regnamespace
				UNION ALL SELECT 'row-level security on ' || relname FROM pg_class
				  WHERE relnamespace = ?::regnamespace AND relrowsecurity
				UNION ALL SELECT 'rule ' || r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
				  WHERE c.relnamespace = ?::regnamespace AND c.relkind = 'r'
				LIMIT 1""";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 1; i <= 7; i++) {
				statement.setString(i, SchemaNaming.quote(template));
			}
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? result.getString(1) : null;
			}
		}
	}

	private static void query(Connection connection, String sql, String template, RowHandler handler)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, SchemaNaming.quote(template));
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					handler.handle(result);
				}
			}
		}
	}

	/** A quoted identifier for a name read from the catalogs. */
	private static String q(String name) {
		return '"' + name.replace("\"", "\"\"") + '"';
	}

	private static String literal(String text) {
		return "'" + text.replace("'", "''") + "'";
	}

	@FunctionalInterface
	private interface RowHandler {

		void handle(ResultSet row) throws SQLException;

	}

	/** A plan, or why there is none. */
	record Result(@Nullable SchemaClonePlan plan, @Nullable String unsupported) {

		Optional<SchemaClonePlan> asOptional() {
			return Optional.ofNullable(this.plan);
		}

	}

}
