package io.dotmac.database.migration.engine;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationListener;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationOperation;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.MigrationUpgradeException;
import io.dotmac.database.migration.UnitResult;
import io.dotmac.database.tenant.TenantId;

/**
 * Decides which units an operation covers and runs an action on each: the shared parts first,
 * one after the other in module order, then the tenants with bounded parallelism, each tenant's
 * module parts in module order on one worker. Every unit is independent: a failing unit is
 * reported (and recorded as {@code FAILED}) and the others go on; a tenant's later modules are
 * not visited after one of its modules failed, and no tenant work starts when a shared part
 * failed (tenant changelogs may depend on shared tables).
 * <p>
 * Which units are visited: without deep verification, the central state table decides in one
 * query (see {@link MigrationStateStore}); with it, or with a target, every covered unit is
 * visited.
 */
public class MigrationEngine {

	private static final Log logger = LogFactory.getLog(MigrationEngine.class);

	/** How many unit results are written to the state table per round trip at most. */
	private static final int STATE_BATCH = 200;

	private final DataSource dataSource;

	private final MigrationPlanner planner;

	private final MigrationStateStore state;

	private final UnitRunner runner;

	private final EngineSettings settings;

	private final List<MigrationModule> modules;

	private final List<MigrationListener> listeners;

	/**
	 * Create an engine.
	 * @param dataSource the database of the schemas, outside any tenant hook, as a role that may
	 * run the DDL (its pool needs {@code parallelism + 1} connections)
	 * @param planner plans module parts
	 * @param state the central state table
	 * @param runner applies one unit
	 * @param settings schema mapping, parallelism, lock wait
	 * @param modules the modules
	 * @param listeners notified of runs, units, changesets and lock waits
	 */
	public MigrationEngine(DataSource dataSource, MigrationPlanner planner, MigrationStateStore state, UnitRunner runner,
			EngineSettings settings, Collection<MigrationModule> modules, List<MigrationListener> listeners) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		this.planner = Objects.requireNonNull(planner, "planner must not be null");
		this.state = Objects.requireNonNull(state, "state must not be null");
		this.runner = Objects.requireNonNull(runner, "runner must not be null");
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		List<MigrationModule> sorted = new ArrayList<>(modules);
		Collections.sort(sorted);
		Set<String> names = new HashSet<>();
		for (MigrationModule module : sorted) {
			if (!names.add(module.name())) {
				throw new IllegalArgumentException("Two modules are named '" + module.name() + "'");
			}
		}
		this.modules = List.copyOf(sorted);
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * The modules, in the order they run.
	 * @return the modules
	 */
	public List<MigrationModule> modules() {
		return this.modules;
	}

	/**
	 * A module by name.
	 * @param name the name
	 * @return the module
	 * @throws MigrationNotFoundException when there is none
	 */
	public MigrationModule module(String name) {
		return this.modules.stream()
			.filter((module) -> module.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new MigrationNotFoundException("No migration module '" + name + "'; known: "
					+ this.modules.stream().map(MigrationModule::name).toList(), null, null, name, null));
	}

	/**
	 * The planner.
	 * @return the planner
	 */
	public MigrationPlanner planner() {
		return this.planner;
	}

	/**
	 * The state table.
	 * @return the store
	 */
	public MigrationStateStore state() {
		return this.state;
	}

	/**
	 * The unit runner.
	 * @return the runner
	 */
	public UnitRunner runner() {
		return this.runner;
	}

	/**
	 * The settings.
	 * @return the settings
	 */
	public EngineSettings settings() {
		return this.settings;
	}

	/**
	 * The database of the schemas.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * Plan every part of the covered modules now (parsing and rendering), so that a broken
	 * changelog fails early.
	 * @param request what to cover
	 */
	public void planAll(MigrationRequest request) {
		for (MigrationModule module : modules(request)) {
			for (MigrationTarget target : MigrationTarget.values()) {
				if (module.location(target) != null) {
					this.planner.plan(module, target);
				}
			}
		}
	}

	/**
	 * The schema of a tenant's tenant parts.
	 * @param tenant the tenant, or {@code null} for shared work
	 * @return the unquoted schema
	 */
	public String schemaOf(@Nullable TenantId tenant) {
		return (tenant != null && this.settings.naming() != null) ? this.settings.naming().schemaFor(tenant)
				: this.settings.sharedSchema();
	}

	/**
	 * The units an operation covers, in the order they run: the shared work first (one group
	 * per unit, run one after the other), then one group per tenant.
	 * @param request what to cover
	 * @param consultState whether the state table may rule up-to-date units out (it never does
	 * with deep verification or a target)
	 * @return the shared units and the tenant groups
	 */
	public Work units(MigrationRequest request, boolean consultState) {
		boolean useState = consultState && !request.deepVerify() && request.target() == null;
		List<MigrationModule> covered = modules(request);
		List<UnitPlan> shared = new ArrayList<>();
		List<List<UnitPlan>> tenantGroups = new ArrayList<>();
		if (request.includeShared()) {
			for (MigrationModule module : covered) {
				if (module.sharedLocation() != null) {
					shared.add(new UnitPlan(new MigrationUnit(module.name(), MigrationTarget.SHARED,
							this.settings.sharedSchema(), null), this.planner.plan(module, MigrationTarget.SHARED)));
				}
			}
			if (!this.settings.schemaPerTenant()) {
				// Row-Level Security: the tenant parts run once, on the shared tables.
				for (MigrationModule module : covered) {
					if (module.tenantLocation() != null) {
						shared.add(new UnitPlan(new MigrationUnit(module.name(), MigrationTarget.TENANT,
								this.settings.sharedSchema(), null), this.planner.plan(module, MigrationTarget.TENANT)));
					}
				}
			}
			if (useState) {
				shared = stale(shared);
			}
		}
		if (this.settings.schemaPerTenant()
				&& (request.tenants().isAll() || !request.tenants().tenants().isEmpty())) {
			Map<String, PartPlan> parts = new LinkedHashMap<>();
			for (MigrationModule module : covered) {
				if (module.tenantLocation() != null) {
					parts.put(module.name(), this.planner.plan(module, MigrationTarget.TENANT));
				}
			}
			if (!parts.isEmpty()) {
				Collection<TenantId> named = request.tenants().isAll() ? null : request.tenants().tenants();
				if (useState) {
					Map<String, @Nullable String> fingerprints = new LinkedHashMap<>();
					parts.forEach((name, plan) -> fingerprints.put(name, plan.alwaysVisit() ? null : plan.fingerprint()));
					this.state.staleTenantUnits(fingerprints, named)
						.forEach((tenant, modules) -> tenantGroups.add(group(tenant, parts, modules)));
				}
				else {
					for (TenantId tenant : this.state.tenants(named)) {
						tenantGroups.add(group(tenant, parts, parts.keySet()));
					}
				}
			}
		}
		return new Work(shared, tenantGroups);
	}

	private List<UnitPlan> group(TenantId tenant, Map<String, PartPlan> parts, Collection<String> modules) {
		List<UnitPlan> group = new ArrayList<>();
		String schema = this.settings.naming().schemaFor(tenant);
		parts.forEach((name, plan) -> {
			if (modules.contains(name)) {
				group.add(new UnitPlan(new MigrationUnit(name, MigrationTarget.TENANT, schema, tenant), plan));
			}
		});
		return group;
	}

	private List<UnitPlan> stale(List<UnitPlan> units) {
		Map<String, MigrationStateStore.Row> rows = this.state.read(units.stream().map(UnitPlan::unit).toList());
		List<UnitPlan> stale = new ArrayList<>();
		for (UnitPlan unit : units) {
			MigrationStateStore.Row row = rows.get(MigrationStateStore.key(unit.unit()));
			if (unit.plan().alwaysVisit() || row == null || !"UP_TO_DATE".equals(row.status())
					|| !unit.plan().fingerprint().equals(row.fingerprint())) {
				stale.add(unit);
			}
		}
		return stale;
	}

	private List<MigrationModule> modules(MigrationRequest request) {
		for (String name : request.modules()) {
			module(name);
		}
		return this.modules.stream().filter((module) -> request.includesModule(module.name())).toList();
	}

	/**
	 * Run an action over units.
	 * @param operation the operation, for listeners
	 * @param work the units
	 * @param parallelism how many tenants at once, {@code 0} for the default
	 * @param action what to do with each unit
	 * @return the report
	 */
	public MigrationReport run(MigrationOperation operation, Work work, int parallelism, UnitAction action) {
		long started = System.nanoTime();
		int count = work.shared().size() + work.tenantGroups().stream().mapToInt(List::size).sum();
		this.listeners.forEach((listener) -> notify(() -> listener.runStarted(operation, count)));
		StateWriter writer = new StateWriter();
		List<UnitResult> results = Collections.synchronizedList(new ArrayList<>());
		boolean sharedFailed = false;
		for (UnitPlan unit : work.shared()) {
			UnitResult result = runUnit(operation, unit, action, writer);
			results.add(result);
			sharedFailed |= result.outcome() == UnitResult.Outcome.FAILED;
		}
		if (sharedFailed && !work.tenantGroups().isEmpty()) {
			logger.warn("Tenant migrations skipped: a shared part failed; fix it and run the upgrade again");
		}
		else if (!work.tenantGroups().isEmpty()) {
			runTenants(operation, work.tenantGroups(), (parallelism > 0) ? parallelism : this.settings.parallelism(),
					action, writer, results);
		}
		writer.flush();
		MigrationReport report = new MigrationReport(results, Duration.ofNanos(System.nanoTime() - started));
		this.listeners.forEach((listener) -> notify(() -> listener.runFinished(operation, report)));
		return report;
	}

	private void runTenants(MigrationOperation operation, List<List<UnitPlan>> groups, int parallelism,
			UnitAction action, StateWriter writer, List<UnitResult> results) {
		int threads = Math.min(parallelism, groups.size());
		ExecutorService executor = Executors.newFixedThreadPool(threads, new WorkerThreads());
		try {
			List<Future<?>> futures = new ArrayList<>(groups.size());
			for (List<UnitPlan> group : groups) {
				futures.add(executor.submit(() -> {
					for (UnitPlan unit : group) {
						UnitResult result = runUnit(operation, unit, action, writer);
						results.add(result);
						if (result.outcome() == UnitResult.Outcome.FAILED) {
							break;
						}
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MigrationUpgradeException("Interrupted while migrating tenants", ex, null, null, null);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new MigrationUpgradeException("A migration worker failed: " + ex.getCause(), ex.getCause(), null,
					null, null);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private UnitResult runUnit(MigrationOperation operation, UnitPlan unitPlan, UnitAction action,
			StateWriter writer) {
		MigrationUnit unit = unitPlan.unit();
		long started = System.nanoTime();
		UnitResult result;
		try (Connection connection = this.dataSource.getConnection()) {
			UnitRunner.Outcome outcome = action.run(connection, unitPlan);
			Duration duration = Duration.ofNanos(System.nanoTime() - started);
			if (outcome.lockWait() != null) {
				this.listeners.forEach((listener) -> notify(() -> listener.lockWaited(unit, outcome.lockWait())));
			}
			for (int i = 0; i < outcome.durations().size(); i++) {
				ChangeSetRef changeSet = outcome.applied().get(i);
				Duration took = outcome.durations().get(i);
				this.listeners.forEach((listener) -> notify(() -> listener.changeSetApplied(unit, changeSet, took)));
			}
			result = new UnitResult(unit, outcome.applied().isEmpty() ? UnitResult.Outcome.UP_TO_DATE
					: UnitResult.Outcome.CHANGED, outcome.applied(), duration, null);
			MigrationStateStore.Update update = action.stateUpdate(unitPlan, outcome, duration);
			if (update != null) {
				writer.add(update);
			}
		}
		catch (Exception ex) {
			Duration duration = Duration.ofNanos(System.nanoTime() - started);
			MigrationException error = (ex instanceof MigrationException migration) ? migration
					: action.wrap(unit, ex);
			logger.warn("Migration of " + unit + " failed: " + error.getMessage());
			result = new UnitResult(unit, UnitResult.Outcome.FAILED, List.of(), duration, error);
			writer.add(new MigrationStateStore.Update(unit, null, "FAILED", null, 0, error.getMessage(), duration));
		}
		UnitResult finished = result;
		this.listeners.forEach((listener) -> notify(() -> listener.unitFinished(operation, finished)));
		return result;
	}

	private static void notify(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.warn("A migration listener failed: " + ex, ex);
		}
	}

	/**
	 * A state update for a unit brought to a plan's changesets up to a target.
	 * @param unitPlan the unit
	 * @param outcome what was done
	 * @param duration how long
	 * @param target the target, or {@code null}
	 * @return the update
	 */
	static MigrationStateStore.Update applied(UnitPlan unitPlan, UnitRunner.Outcome outcome, Duration duration,
			@Nullable String target) {
		PartPlan plan = unitPlan.plan();
		String fingerprint = (target == null) ? plan.fingerprint() : PartPlan.fingerprint(plan.upTo(target));
		return new MigrationStateStore.Update(unitPlan.unit(), fingerprint,
				(outcome.remaining() == 0) ? "UP_TO_DATE" : "PENDING",
				(outcome.last() != null) ? outcome.last().toString() : null, outcome.remaining(), null, duration);
	}

	/** Writes state updates in batches, from any worker. */
	private final class StateWriter {

		private final List<MigrationStateStore.Update> pending = new ArrayList<>();

		void add(MigrationStateStore.Update update) {
			List<MigrationStateStore.Update> batch = null;
			synchronized (this.pending) {
				this.pending.add(update);
				if (this.pending.size() >= STATE_BATCH) {
					batch = new ArrayList<>(this.pending);
					this.pending.clear();
				}
			}
			if (batch != null) {
				write(batch);
			}
		}

		void flush() {
			List<MigrationStateStore.Update> batch;
			synchronized (this.pending) {
				batch = new ArrayList<>(this.pending);
				this.pending.clear();
			}
			write(batch);
		}

		private void write(List<MigrationStateStore.Update> batch) {
			try {
				MigrationEngine.this.state.write(batch);
			}
			catch (MigrationException ex) {
				// The schemas are migrated; a lost state row only makes the next start-up visit them.
				logger.warn(ex.getMessage(), ex);
			}
		}

	}

	private static final class WorkerThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(runnable, "dotmac-migration-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

	/**
	 * What an operation does with one unit.
	 */
	public interface UnitAction {

		/**
		 * Work on a unit.
		 * @param connection a connection of its own, outside any tenant hook
		 * @param unit the unit
		 * @return what was done
		 * @throws Exception on failure; the unit is reported failed
		 */
		UnitRunner.Outcome run(Connection connection, UnitPlan unit) throws Exception;

		/**
		 * The state table update after a success.
		 * @param unit the unit
		 * @param outcome what was done
		 * @param duration how long
		 * @return the update, or {@code null} to write none
		 */
		default MigrationStateStore.@Nullable Update stateUpdate(UnitPlan unit, UnitRunner.Outcome outcome,
				Duration duration) {
			return null;
		}

		/**
		 * The exception reported for a failure that is not a migration exception.
		 * @param unit the unit
		 * @param ex the failure
		 * @return the exception to report
		 */
		default MigrationException wrap(MigrationUnit unit, Exception ex) {
			return new MigrationUpgradeException("Migration of " + unit + " failed: " + ex.getMessage(), ex,
					unit.tenant(), unit.module(), null);
		}

	}

	/**
	 * The units of an operation.
	 *
	 * @param shared the shared units, run one after the other first
	 * @param tenantGroups per tenant, its units in module order
	 */
	public record Work(List<UnitPlan> shared, List<List<UnitPlan>> tenantGroups) {

		/**
		 * Every unit, in order.
		 * @return the units
		 */
		public List<UnitPlan> all() {
			List<UnitPlan> all = new ArrayList<>(this.shared);
			this.tenantGroups.forEach(all::addAll);
			return all;
		}

	}

}
