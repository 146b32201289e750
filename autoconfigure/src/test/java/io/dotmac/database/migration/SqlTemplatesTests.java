package io.dotmac.database.migration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * pgdbm's placeholders: expansion for a schema, detection, and refusal of anything else.
 */
class SqlTemplatesTests {

	@Test
	void schemaBecomesTheQuotedSchema() {
		assertThat(SqlTemplates.expand("CREATE TABLE {{schema}}.users (id int)", "t_acme"))
			.isEqualTo("CREATE TABLE \"t_acme\".users (id int)");
	}

	@Test
	void tablesBecomeQuotedAndSchemaQualified() {
		assertThat(SqlTemplates.expand(
				"SELECT * FROM {{tables.users}} u JOIN {{tables.user_roles}} r ON r.user_id = u.id", "t_acme"))
			.isEqualTo("SELECT * FROM \"t_acme\".\"users\" u JOIN \"t_acme\".\"user_roles\" r ON r.user_id = u.id");
	}

	@Test
	void whitespaceInsideTheBracesIsAllowed() {
		assertThat(SqlTemplates.expand("{{ schema }} {{  tables.users }}", "s")).isEqualTo("\"s\" \"s\".\"users\"");
	}

	@Test
	void schemasThatNeedQuotingStayOneIdentifier() {
		assertThat(SqlTemplates.expand("{{tables.users}}", "t_acme-corp")).isEqualTo("\"t_acme-corp\".\"users\"");
	}

	@Test
	void textWithoutPlaceholdersIsUnchanged() {
		String sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$; -- {not a placeholder}";
		assertThat(SqlTemplates.hasPlaceholders(sql)).isFalse();
		assertThat(SqlTemplates.expand(sql, "s")).isEqualTo(sql);
		assertThat(SqlTemplates.unknownPlaceholders(sql)).isEmpty();
	}

	@Test
	void replacementTextIsNotReadAsARegexReplacement() {
		assertThat(SqlTemplates.expand("{{schema}}", "a$1b")).isEqualTo("\"a$1b\"");
	}

	@Test
	void placeholdersAreDetected() {
		assertThat(SqlTemplates.hasPlaceholders("SELECT 1 FROM {{tables.x}}")).isTrue();
		assertThat(SqlTemplates.hasPlaceholders("SELECT 1 FROM {{unknown}}")).isTrue();
	}

	@Test
	void unknownPlaceholdersAreListedAsWritten() {
		assertThat(SqlTemplates.unknownPlaceholders(
				"{{schema}} {{tenant}} {{tables.ok}} {{tables.}} {{tables.1bad}} {{ table.users }}"))
			.containsExactly("{{tenant}}", "{{tables.}}", "{{tables.1bad}}", "{{ table.users }}");
	}

	@Test
	void expandingAnUnknownPlaceholderFailsNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> SqlTemplates.expand("SELECT {{tenant}}", "s"))
			.withMessageContaining("{{tenant}}");
	}

	@Test
	void aTableNameLongerThanPostgresAllowsIsRefused() {
		String name = "t".repeat(64);
		assertThat(SqlTemplates.unknownPlaceholders("{{tables." + name + "}}")).hasSize(1);
		assertThat(SqlTemplates.unknownPlaceholders("{{tables." + name.substring(1) + "}}")).isEmpty();
	}

	@Test
	void invalidSchemaNamesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SqlTemplates.expand("{{schema}}", ""));
		assertThatIllegalArgumentException().isThrownBy(() -> SqlTemplates.expand("{{schema}}", "a\"b"));
		assertThatIllegalArgumentException().isThrownBy(() -> SqlTemplates.expand("{{tables.x}}", "a\0b"));
	}

}
