package io.dotmac.database.migration.engine;

import java.util.ArrayList;
import java.util.List;

import liquibase.changelog.ChangeSet;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.SqlTemplates;

/**
 * One changeset of a {@link PartPlan}: its identity, its Liquibase checksum, the values of its
 * history row, and (when it may take the fast path) its SQL, rendered once for all schemas.
 *
 * @param ref the identity ({@code path::id::author})
 * @param changeSet Liquibase's changeset, for the changesets that Liquibase executes
 * @param checksum the checksum as Liquibase records it ({@code MD5SUM}, latest version)
 * @param statements the rendered statements, unqualified (they run with {@code search_path} on
 * the target schema), possibly with {@link SqlTemplates} placeholders when {@code templated}
 * @param templated whether the statements are templates to expand per schema
 * @param fastPathRefusal why Liquibase must execute this changeset at run time, or
 * {@code null} when its rendered SQL may run as it is
 * @param tag the tag its {@code tagDatabase} change sets, if any
 * @param description Liquibase's {@code DESCRIPTION}
 * @param comments Liquibase's {@code COMMENTS}
 * @param contexts Liquibase's {@code CONTEXTS}
 * @param labels Liquibase's {@code LABELS}
 */
public record PlannedChangeSet(ChangeSetRef ref, ChangeSet changeSet, String checksum, List<String> statements,
		boolean templated, @Nullable String fastPathRefusal, @Nullable String tag, @Nullable String description,
		@Nullable String comments, @Nullable String contexts, @Nullable String labels) {

	/**
	 * Copy the statements.
	 */
	public PlannedChangeSet {
		statements = List.copyOf(statements);
	}

	/**
	 * Whether the rendered SQL may run without Liquibase.
	 * @return {@code true} on the fast path
	 */
	public boolean fastPath() {
		return this.fastPathRefusal == null;
	}

	/**
	 * Whether Liquibase runs this changeset at every update.
	 * @return {@code runAlways}
	 */
	public boolean runAlways() {
		return this.changeSet.isAlwaysRun();
	}

	/**
	 * Whether Liquibase runs this changeset again when it changed.
	 * @return {@code runOnChange}
	 */
	public boolean runOnChange() {
		return this.changeSet.isRunOnChange();
	}

	/**
	 * The statements for one schema, placeholders expanded.
	 * @param schema the unquoted schema
	 * @return the statements
	 */
	public List<String> statementsFor(String schema) {
		if (!this.templated) {
			return this.statements;
		}
		List<String> expanded = new ArrayList<>(this.statements.size());
		for (String statement : this.statements) {
			expanded.add(SqlTemplates.expand(statement, schema));
		}
		return expanded;
	}

}
