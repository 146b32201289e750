package io.dotmac.database.migration.liquibase;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advisory lock keys of units: stable across processes, distinct per schema and module.
 */
class UnitLocksTests {

	@Test
	void keysAreStableAndDistinctPerSchemaAndModule() {
		assertThat(UnitLocks.advisoryKey("t_acme", "app")).isEqualTo(UnitLocks.advisoryKey("t_acme", "app"));
		Set<Long> keys = new HashSet<>();
		for (int tenant = 0; tenant < 10_000; tenant++) {
			keys.add(UnitLocks.advisoryKey("t_" + tenant, "app"));
			keys.add(UnitLocks.advisoryKey("t_" + tenant, "billing"));
		}
		assertThat(keys).hasSize(20_000);
		// A schema and module that concatenate alike still differ.
		assertThat(UnitLocks.advisoryKey("t_a", "b_c")).isNotEqualTo(UnitLocks.advisoryKey("t_a_b", "c"));
	}

}
