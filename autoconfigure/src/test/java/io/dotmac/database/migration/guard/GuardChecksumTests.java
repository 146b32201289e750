package io.dotmac.database.migration.guard;

import java.util.LinkedHashMap;
import java.util.Map;

import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.core.PostgresDatabase;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checksums of the guard change types are pinned: they are recorded in the history of
 * every schema, so a change to a change type that alters them (a renamed attribute, a new
 * default that is serialized) would make every applied changeset that uses it fail
 * validation. They depend on the attributes only, not on the mode or other parameters.
 */
class GuardChecksumTests {

	private static final Map<String, String> PINNED = new LinkedHashMap<>();

	static {
		PINNED.put("db/guard/column-add.yaml", "9:a72d2876b832bc45492030d801a919c3");
		PINNED.put("db/guard/indexes-create.yaml", "9:534646a69b441ba7732d1c3716a56eef");
		PINNED.put("db/guard/isolation.yaml", "9:225d57a7fcc751d983802dd23c07b7fa");
		PINNED.put("db/guard/data-migration.yaml", "9:c4cac8c1985e111d266cc8a42d75e60e");
	}

	@Test
	void checksumsArePinnedAndIndependentOfTheMode() throws Exception {
		Map<String, String> actual = new LinkedHashMap<>();
		for (String changelog : PINNED.keySet()) {
			String rls = checksum(changelog, Map.of());
			String schema = checksum(changelog, Map.of(TenantIsolationMode.CHANGELOG_PARAMETER, "schema",
					TenantDataMigrationChange.REGISTRY_TABLE_PARAMETER, "\"mgmt\".\"tenants\""));
			assertThat(schema).as(changelog).isEqualTo(rls);
			actual.put(changelog, rls);
		}
		assertThat(actual).isEqualTo(PINNED);
	}

	private static String checksum(String changelog, Map<String, String> parameters) throws Exception {
		ResourceAccessor resources = new ClassLoaderResourceAccessor();
		return Scope.child(Map.<String, Object>of(Scope.Attr.resourceAccessor.name(), resources), () -> {
			ChangeLogParameters changeLogParameters = new ChangeLogParameters(new PostgresDatabase());
			parameters.forEach(changeLogParameters::set);
			DatabaseChangeLog parsed = ChangeLogParserFactory.getInstance()
				.getParser(changelog, resources)
				.parse(changelog, changeLogParameters, resources);
			ChangeSet changeSet = parsed.getChangeSets().get(0);
			return changeSet.generateCheckSum(ChecksumVersion.latest()).toString();
		});
	}

}
