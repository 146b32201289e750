package io.dotmac.database.migration.source;

import java.util.List;

import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.core.RawSQLChange;
import liquibase.database.Database;
import liquibase.exception.ValidationErrors;
import liquibase.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.SchemaTemplatedChange;
import io.dotmac.database.migration.SqlTemplates;

/**
 * Liquibase change type {@code templatedSql}: raw SQL with pgdbm's {@link SqlTemplates
 * placeholders} ({@code {{schema}}}, {@code {{tables.name}}}). Every SQL migration file of a
 * folder becomes one; it may be used in YAML or XML changelogs as well:
 * <pre>{@code
 * - changeSet:
 *     id: 1
 *     author: dotmac
 *     changes:
 *       - templatedSql:
 *           sql: CREATE TABLE {{tables.notes}} (id bigint PRIMARY KEY)
 * }</pre>
 * <ul>
 * <li>The checksum is Liquibase's checksum of raw SQL computed over the <em>template</em>,
 * so it is the same in every schema and changes only when the file does.</li>
 * <li>When Liquibase runs it (plainly, or through the engine), the placeholders are expanded
 * for {@link Database#getDefaultSchemaName()}, the schema being migrated.</li>
 * <li>The whole text goes to the driver as one statement, as pgdbm does: PostgreSQL's driver
 * splits it itself and understands dollar-quoted function bodies, which Liquibase's splitter
 * would have to guess at. Comments are kept.</li>
 * </ul>
 */
@DatabaseChange(name = TemplatedSqlChange.NAME, description = "Raw SQL whose {{schema}} and {{tables.name}} "
		+ "placeholders are expanded for the schema being migrated; checksum over the template",
		priority = ChangeMetaData.PRIORITY_DEFAULT)
public class TemplatedSqlChange extends RawSQLChange implements SchemaTemplatedChange {

	/** The change type name in changelogs. */
	public static final String NAME = "templatedSql";

	/**
	 * Create an empty change (for Liquibase's parsers).
	 */
	public TemplatedSqlChange() {
		setSplitStatements(false);
		setStripComments(false);
	}

	/**
	 * Create a change from a template.
	 * @param template the SQL with its placeholders
	 */
	public TemplatedSqlChange(String template) {
		this();
		setSql(template);
	}

	@Override
	public String getTemplate() {
		String sql = getSql();
		return (sql != null) ? sql : "";
	}

	/**
	 * The SQL for one schema.
	 * @param schema the unquoted schema
	 * @return the template with its placeholders expanded
	 * @throws IllegalArgumentException for an unknown placeholder
	 */
	public String render(String schema) {
		return SqlTemplates.expand(getTemplate(), schema);
	}

	@Override
	public SqlStatement[] generateStatements(Database database) {
		String template = getTemplate();
		if (!SqlTemplates.hasPlaceholders(template)) {
			return super.generateStatements(database);
		}
		String schema = database.getDefaultSchemaName();
		if (schema == null || schema.isEmpty()) {
			throw new IllegalStateException("Cannot expand the placeholders of " + where()
					+ ": the database has no default schema; set one (search_path or Liquibase's defaultSchemaName)");
		}
		return expandedFor(schema).generateStatements(database);
	}

	private RawSQLChange expandedFor(String schema) {
		RawSQLChange expanded = new RawSQLChange(render(schema));
		expanded.setSplitStatements(isSplitStatements());
		expanded.setStripComments(isStripComments());
		expanded.setEndDelimiter(getEndDelimiter());
		expanded.setDbms(getDbms());
		expanded.setChangeSet(getChangeSet());
		return expanded;
	}

	@Override
	public ValidationErrors validate(Database database) {
		ValidationErrors errors = super.validate(database);
		List<String> unknown = SqlTemplates.unknownPlaceholders(getTemplate());
		if (!unknown.isEmpty()) {
			errors.addError("Unknown placeholder(s) " + unknown + " in " + where()
					+ ": use {{schema}} or {{tables.<name>}}");
		}
		return errors;
	}

	@Override
	public String getSerializedObjectNamespace() {
		return GENERIC_CHANGELOG_EXTENSION_NAMESPACE;
	}

	@Override
	public String getConfirmationMessage() {
		return "Templated SQL executed";
	}

	private String where() {
		@Nullable String file = (getChangeSet() != null) ? getChangeSet().getFilePath() : null;
		return (file != null) ? file : "a templatedSql change";
	}

}
