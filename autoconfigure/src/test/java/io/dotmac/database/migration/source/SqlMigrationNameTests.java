package io.dotmac.database.migration.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.database.migration.source.SqlMigrationName.Style;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The three file name patterns of an SQL migration folder and the order of their versions.
 */
class SqlMigrationNameTests {

	@Test
	void sequentialNames() {
		SqlMigrationName name = SqlMigrationName.parse("001_create_users.sql");
		assertThat(name.style()).isEqualTo(Style.SEQUENTIAL);
		assertThat(name.version()).hasToString("001");
		assertThat(name.description()).isEqualTo("create_users");
		assertThat(name.changeSetId()).isEqualTo("001_create_users");
		assertThat(name.downgradeFileName()).isEqualTo("001_create_users.down.sql");
	}

	@Test
	void flywayNames() {
		SqlMigrationName name = SqlMigrationName.parse("V1_2__add_index.sql");
		assertThat(name.style()).isEqualTo(Style.FLYWAY);
		assertThat(name.version().parts()).extracting(Number::intValue).containsExactly(1, 2);
		assertThat(name.description()).isEqualTo("add_index");
		assertThat(SqlMigrationName.parse("V1.2__add_index.sql").version()).isEqualTo(name.version());
		assertThat(SqlMigrationName.parse("V3__x.sql").version().parts()).extracting(Number::intValue)
			.containsExactly(3);
	}

	@Test
	void timestampNames() {
		SqlMigrationName name = SqlMigrationName.parse("20240101120000_add_orders.sql");
		assertThat(name.style()).isEqualTo(Style.TIMESTAMP);
		assertThat(name.version()).hasToString("20240101120000");
		assertThat(name.description()).isEqualTo("add_orders");
	}

	@Test
	void mixedPatternsOrderByTheirNumbers() {
		List<String> names = new ArrayList<>(List.of("20240101120000_d.sql", "V2_1__c.sql", "010_e.sql", "V2__b.sql",
				"001_a.sql", "V10__f.sql", "20231231235959_g.sql"));
		List<String> sorted = names.stream()
			.map(SqlMigrationName::parse)
			.sorted(Comparator.comparing(SqlMigrationName::version))
			.map(SqlMigrationName::fileName)
			.toList();
		assertThat(sorted).containsExactly("001_a.sql", "V2__b.sql", "V2_1__c.sql", "010_e.sql", "V10__f.sql",
				"20231231235959_g.sql", "20240101120000_d.sql");
	}

	@Test
	void versionsThatOnlyDifferInWritingAreEqual() {
		assertThat(SqlMigrationName.parse("001_a.sql").version()).isEqualTo(SqlMigrationName.parse("1_b.sql").version())
			.isEqualTo(SqlMigrationName.parse("V1__c.sql").version())
			.isEqualTo(SqlMigrationName.parse("V1_0__d.sql").version());
		assertThat(SqlMigrationName.parse("V1_0_1__a.sql").version())
			.isNotEqualTo(SqlMigrationName.parse("V1__a.sql").version());
	}

	@Test
	void versionsBeyondLongAreCompared() {
		assertThat(MigrationVersion.parse("99999999999999999999")).isGreaterThan(MigrationVersion.parse("9223372036854775807"));
	}

	@Test
	void namesWithoutAVersionAreRefusedNamingTheFile() {
		for (String bad : List.of("create_users.sql", "001.sql", "001_.sql", "V1_x.sql", "v1__x.sql", "V__x.sql",
				"Vx__y.sql")) {
			assertThatIllegalArgumentException().as(bad)
				.isThrownBy(() -> SqlMigrationName.parse(bad))
				.withMessageContaining("'" + bad + "'")
				.withMessageContaining("001_description.sql");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> SqlMigrationName.parse("R__views.sql"))
			.withMessageContaining("repeatable");
	}

	@Test
	void downgradeFilesAreNoMigrations() {
		assertThat(SqlMigrationName.isMigration("001_a.sql")).isTrue();
		assertThat(SqlMigrationName.isMigration("001_a.down.sql")).isFalse();
		assertThat(SqlMigrationName.isDowngrade("001_a.down.sql")).isTrue();
		assertThat(SqlMigrationName.isMigration("README.md")).isFalse();
	}

}
