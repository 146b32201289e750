package io.dotmac.database.migration.engine;

import liquibase.change.AbstractChange;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;
import liquibase.statement.core.RawSqlStatement;

import io.dotmac.database.migration.SchemaTemplatedChange;
import io.dotmac.database.migration.SqlTemplates;

/**
 * A minimal {@link SchemaTemplatedChange} for the engine tests (the real one comes from
 * {@code migration.source}): SQL with {@code {{schema}}} and {@code {{tables.x}}} placeholders,
 * checksummed over the template.
 */
@DatabaseChange(name = "templatedSqlTest", description = "Templated SQL (tests)", priority = ChangeMetaData.PRIORITY_DEFAULT)
public class TemplatedSqlTestChange extends AbstractChange implements SchemaTemplatedChange {

	private String sql;

	@DatabaseChangeProperty(description = "The SQL template")
	public String getSql() {
		return this.sql;
	}

	public void setSql(String sql) {
		this.sql = sql;
	}

	@Override
	public String getTemplate() {
		return this.sql;
	}

	@Override
	public SqlStatement[] generateStatements(Database database) {
		return new SqlStatement[] { new RawSqlStatement(SqlTemplates.expand(this.sql, database.getDefaultSchemaName())) };
	}

	@Override
	public String getConfirmationMessage() {
		return "Templated SQL executed";
	}

}
