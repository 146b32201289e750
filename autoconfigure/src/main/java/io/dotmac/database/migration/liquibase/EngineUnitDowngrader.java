package io.dotmac.database.migration.liquibase;

import java.sql.Connection;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.engine.PartPlan;
import io.dotmac.database.migration.engine.UnitDowngrader;
import io.dotmac.database.migration.source.MigrationSources;

/**
 * The engine's downgrade step, done by {@link LiquibaseUnitDowngrader}: the unit's changelog
 * is the one the engine planned with (so SQL folders downgrade through their {@code .down.sql}
 * files), filtered by the same contexts and labels.
 */
public final class EngineUnitDowngrader implements UnitDowngrader {

	private final LiquibaseUnitDowngrader downgrader;

	private final MigrationSources sources;

	private final @Nullable String contexts;

	private final @Nullable String labels;

	/**
	 * Create the step.
	 * @param downgrader runs Liquibase's rollbacks
	 * @param sources where the changelogs' resources are found
	 * @param contexts the engine's contexts, or {@code null}
	 * @param labels the engine's label expression, or {@code null}
	 */
	public EngineUnitDowngrader(LiquibaseUnitDowngrader downgrader, MigrationSources sources,
			@Nullable String contexts, @Nullable String labels) {
		this.downgrader = Objects.requireNonNull(downgrader, "downgrader must not be null");
		this.sources = Objects.requireNonNull(sources, "sources must not be null");
		this.contexts = contexts;
		this.labels = labels;
	}

	@Override
	public List<ChangeSetRef> downgrade(Connection connection, MigrationUnit unit, PartPlan plan,
			DowngradeTarget target) {
		UnitChangelog changelog = UnitChangelog.of(plan.changeLog(), this.sources.resourceAccessor(plan.location()))
			.withFilter(this.contexts, this.labels);
		return this.downgrader.downgrade(connection, unit, changelog, target);
	}

}
