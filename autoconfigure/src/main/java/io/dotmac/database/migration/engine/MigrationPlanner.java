package io.dotmac.database.migration.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import liquibase.ChecksumVersion;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.change.Change;
import liquibase.change.DbmsTargetedChange;
import liquibase.change.core.EmptyChange;
import liquibase.change.core.TagDatabaseChange;
import liquibase.change.custom.CustomChangeWrapper;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.filter.ChangeSetFilter;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.database.Database;
import liquibase.database.DatabaseList;
import liquibase.database.ObjectQuotingStrategy;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;
import liquibase.util.StringUtil;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationInitException;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.SchemaTemplatedChange;
import io.dotmac.database.migration.SqlTemplates;

/**
 * Plans module parts: parses each location once (through the first {@link ChangeLogLoader}
 * that supports it), keeps the changesets that Liquibase would run here (contexts, labels,
 * {@code dbms}, not ignored), computes their Liquibase checksums and the fingerprint, and
 * renders the SQL of every changeset that may take the fast path, once, offline, against
 * PostgreSQL with no schema in names.
 * <p>
 * A changeset takes the fast path only when its rendered SQL is exactly what Liquibase would
 * run: it runs in a transaction, has no preconditions, no {@code runAlways}/{@code runOnChange},
 * no {@code modifySql}, no {@code runWith}, no {@code failOnError=false}, and no change that
 * is custom Java code or whose SQL depends on the live database
 * ({@code generateStatementsVolatile}). Every other changeset is executed by Liquibase itself
 * at run time, inside the unit's transaction ({@link LiquibaseChangeSetExecutor}).
 * Changesets of {@link SchemaTemplatedChange}s are rendered as their templates and expanded
 * per schema.
 * <p>
 * Plans are cached per (module, part); the planner is thread-safe.
 */
public class MigrationPlanner {

	private final List<ChangeLogLoader> loaders;

	private final ResourceAccessor resourceAccessor;

	private final Contexts contexts;

	private final LabelExpression labels;

	private final Map<String, PartPlan> plans = new ConcurrentHashMap<>();

	private final Object renderLock = new Object();

	/**
	 * Create a planner.
	 * @param loaders the changelog loaders, asked in order
	 * @param resourceAccessor where changelogs and SQL files are found
	 * @param contexts Liquibase contexts (comma-separated), or {@code null} for all
	 * @param labels a Liquibase label expression, or {@code null} for all
	 */
	public MigrationPlanner(List<ChangeLogLoader> loaders, ResourceAccessor resourceAccessor, @Nullable String contexts,
			@Nullable String labels) {
		this.loaders = List.copyOf(loaders);
		this.resourceAccessor = Objects.requireNonNull(resourceAccessor, "resourceAccessor must not be null");
		this.contexts = new Contexts(contexts);
		this.labels = new LabelExpression(labels);
	}

	/**
	 * The Liquibase contexts this planner filters by.
	 * @return the contexts
	 */
	public Contexts contexts() {
		return this.contexts;
	}

	/**
	 * The Liquibase label expression this planner filters by.
	 * @return the labels
	 */
	public LabelExpression labels() {
		return this.labels;
	}

	/**
	 * Where changelogs are found.
	 * @return the resource accessor
	 */
	public ResourceAccessor resourceAccessor() {
		return this.resourceAccessor;
	}

	/**
	 * The plan of a module part.
	 * @param module the module
	 * @param target which part; the module must have it
	 * @return the plan
	 * @throws MigrationInitException when the changelog cannot be read or rendered
	 */
	public PartPlan plan(MigrationModule module, MigrationTarget target) {
		String location = module.location(target);
		if (location == null) {
			throw new IllegalArgumentException("Module " + module.name() + " has no " + target + " part");
		}
		return this.plans.computeIfAbsent(module.name() + "/" + target + "/" + location,
				(key) -> createPlan(module, target, location));
	}

	private PartPlan createPlan(MigrationModule module, MigrationTarget target, String location) {
		DatabaseChangeLog changeLog = loader(location, module).load(location);
		try {
			return LiquibaseScopes.call(this.resourceAccessor, () -> {
				synchronized (this.renderLock) {
					return render(module, target, location, changeLog);
				}
			});
		}
		catch (MigrationException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new MigrationInitException("Could not plan " + location + " of module " + module.name() + ": "
					+ ex.getMessage(), ex, null, module.name(), null);
		}
	}

	private ChangeLogLoader loader(String location, MigrationModule module) {
		for (ChangeLogLoader loader : this.loaders) {
			if (loader.supports(location)) {
				return loader;
			}
		}
		throw new MigrationInitException("No loader reads " + location + " of module " + module.name()
				+ (location.endsWith("/") ? ": SQL folders need the migration.source loader on the engine" : ""), null,
				null, module.name(), null);
	}

	private PartPlan render(MigrationModule module, MigrationTarget target, String location, DatabaseChangeLog changeLog)
			throws Exception {
		Database database = LiquibaseScopes.offlinePostgres(this.resourceAccessor);
		List<ChangeSetFilter> filters = List.of(new ContextChangeSetFilter(this.contexts),
				new LabelChangeSetFilter(this.labels), new DbmsChangeSetFilter(database));
		boolean changeLogPreconditions = changeLog.getPreconditions() != null
				&& !changeLog.getPreconditions().getNestedPreconditions().isEmpty();
		List<PlannedChangeSet> planned = new ArrayList<>();
		boolean alwaysVisit = changeLogPreconditions;
		for (ChangeSet changeSet : changeLog.getChangeSets()) {
			if (changeSet.isIgnore() || !accepted(filters, changeSet)) {
				continue;
			}
			PlannedChangeSet plannedChangeSet = plan(module, location, database, changeSet,
					changeLogPreconditions ? "the changelog has preconditions" : null);
			alwaysVisit |= plannedChangeSet.runAlways();
			planned.add(plannedChangeSet);
		}
		return new PartPlan(module, target, location, changeLog, planned, PartPlan.fingerprint(planned), alwaysVisit);
	}

	private static boolean accepted(List<ChangeSetFilter> filters, ChangeSet changeSet) {
		for (ChangeSetFilter filter : filters) {
			if (!filter.accepts(changeSet).isAccepted()) {
				return false;
			}
		}
		return true;
	}

	private PlannedChangeSet plan(MigrationModule module, String location, Database database, ChangeSet changeSet,
			@Nullable String changeLogRefusal) {
		ChangeSetRef ref = new ChangeSetRef(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath());
		String checksum = changeSet.generateCheckSum(ChecksumVersion.latest()).toString();
		String refusal = (changeLogRefusal != null) ? changeLogRefusal : refusal(changeSet, database);
		List<String> statements = new ArrayList<>();
		boolean templated = false;
		String tag = null;
		ObjectQuotingStrategy quoting = database.getObjectQuotingStrategy();
		database.setObjectQuotingStrategy(changeSet.getObjectQuotingStrategy());
		try {
			for (Change change : changeSet.getChanges()) {
				if (change instanceof TagDatabaseChange tagChange) {
					// Its UPDATE names Liquibase's default history table; the engine writes the tag
					// into the changeset's own history row instead, as Liquibase does too.
					tag = tagChange.getTag();
					continue;
				}
				if (change instanceof EmptyChange) {
					continue;
				}
				if (change instanceof DbmsTargetedChange targeted
						&& !DatabaseList.definitionMatches(targeted.getDbms(), database, true)) {
					continue;
				}
				if (change instanceof SchemaTemplatedChange templatedChange) {
					String template = templatedChange.getTemplate();
					List<String> unknown = SqlTemplates.unknownPlaceholders(template);
					if (!unknown.isEmpty()) {
						throw new MigrationInitException("Changeset " + ref + " of module " + module.name()
								+ " uses unknown placeholders " + unknown + ": use {{schema}} or {{tables.<name>}}",
								null, null, module.name(), ref.toString());
					}
					statements.add(template);
					templated = true;
					continue;
				}
				if (refusal != null) {
					// Liquibase runs it; the SQL rendered here only shows in a dry run.
					renderQuietly(change, database, statements);
					continue;
				}
				ValidationErrors errors = change.validate(database);
				if (errors != null && errors.hasErrors()) {
					throw new MigrationInitException("Changeset " + ref + " in " + location + " is invalid: "
							+ errors.getErrorMessages() + "; fix the changeset", null, null, module.name(),
							ref.toString());
				}
				for (SqlStatement statement : change.generateStatements(database)) {
					for (Sql sql : SqlGeneratorFactory.getInstance().generateSql(statement, database)) {
						statements.add(sql.toSql());
					}
				}
			}
		}
		finally {
			database.setObjectQuotingStrategy(quoting);
		}
		return new PlannedChangeSet(ref, changeSet, checksum, statements, templated, refusal, tag,
				StringUtil.limitSize(changeSet.getDescription(), 250),
				StringUtil.limitSize(StringUtil.trimToEmpty(changeSet.getComments()), 250), changeSet.buildFullContext(),
				changeSet.buildFullLabels());
	}

	private static void renderQuietly(Change change, Database database, List<String> statements) {
		try {
			if (change.generateStatementsVolatile(database)) {
				statements.add("-- " + change.getClass().getSimpleName() + ": SQL generated by Liquibase at run time");
				return;
			}
			for (SqlStatement statement : change.generateStatements(database)) {
				for (Sql sql : SqlGeneratorFactory.getInstance().generateSql(statement, database)) {
					statements.add(sql.toSql());
				}
			}
		}
		catch (RuntimeException ex) {
			statements.add("-- " + change.getClass().getSimpleName() + ": SQL generated by Liquibase at run time");
		}
	}

	/** Why Liquibase must run a changeset itself, or null when its rendered SQL is exact. */
	private static @Nullable String refusal(ChangeSet changeSet, Database database) {
		if (!changeSet.isRunInTransaction()) {
			return "runInTransaction=false";
		}
		if (changeSet.getPreconditions() != null && !changeSet.getPreconditions().getNestedPreconditions().isEmpty()) {
			return "preconditions";
		}
		if (changeSet.isAlwaysRun()) {
			return "runAlways";
		}
		if (changeSet.isRunOnChange()) {
			return "runOnChange";
		}
		if (changeSet.getSqlVisitors() != null && !changeSet.getSqlVisitors().isEmpty()) {
			return "modifySql";
		}
		if (changeSet.getRunWith() != null && !changeSet.getRunWith().isEmpty()) {
			return "runWith";
		}
		if (Boolean.FALSE.equals(changeSet.getFailOnError())) {
			return "failOnError=false";
		}
		for (Change change : changeSet.getChanges()) {
			if (change instanceof CustomChangeWrapper) {
				return "a custom change";
			}
			if (change instanceof SchemaTemplatedChange || change instanceof TagDatabaseChange
					|| change instanceof EmptyChange) {
				continue;
			}
			if (change.generateStatementsVolatile(database)) {
				return "a change whose SQL depends on the database (" + change.getClass().getSimpleName() + ")";
			}
		}
		return null;
	}

}
