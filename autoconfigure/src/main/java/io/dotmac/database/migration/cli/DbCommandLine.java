package io.dotmac.database.migration.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationModule;
import io.dotmac.database.migration.MigrationNotFoundException;
import io.dotmac.database.migration.MigrationReport;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationState;
import io.dotmac.database.migration.MigrationStatus;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.migration.NewMigration;
import io.dotmac.database.migration.PlannedSql;
import io.dotmac.database.migration.TenantMigrations;
import io.dotmac.database.migration.UnitResult;
import io.dotmac.database.tenant.TenantId;

/**
 * The {@code db} command line: parses the arguments, calls {@link TenantMigrations} and prints
 * the outcome. Usable without Spring:
 * <pre>{@code
 * int status = new DbCommandLine(migrations).run(new String[] { "db", "upgrade", "--all-tenants" }, System.out);
 * }</pre>
 * A usage error prints the command's help and calls nothing.
 */
public class DbCommandLine {

	/** Exit status of a command that succeeded. */
	public static final int OK = 0;

	/** Exit status of a command that failed (a unit failed, or an error). */
	public static final int FAILURE = 1;

	/** Exit status of a command line that is not a valid command; nothing was run. */
	public static final int USAGE = 2;

	/** The first argument of every command. */
	public static final String COMMAND = "db";

	private static final int DETAILED_UNITS = 20;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private final TenantMigrations migrations;

	private final @Nullable CommandLineProgress progress;

	private final @Nullable String unavailable;

	/**
	 * Create a command line without progress output.
	 * @param migrations the migration API
	 */
	public DbCommandLine(TenantMigrations migrations) {
		this(migrations, null);
	}

	/**
	 * Create a command line.
	 * @param migrations the migration API
	 * @param progress the listener the engine reports to, printed while a command runs, or
	 * {@code null} for none
	 */
	public DbCommandLine(TenantMigrations migrations, @Nullable CommandLineProgress progress) {
		this(Objects.requireNonNull(migrations, "migrations must not be null"), progress, null);
	}

	private DbCommandLine(TenantMigrations migrations, @Nullable CommandLineProgress progress,
			@Nullable String unavailable) {
		this.migrations = migrations;
		this.progress = progress;
		this.unavailable = unavailable;
	}

	/**
	 * A command line that explains why commands cannot run (help and usage errors still work).
	 * @param reason what is missing and how to fix it
	 * @return the command line
	 */
	public static DbCommandLine unavailable(String reason) {
		return new DbCommandLine(Unavailable.INSTANCE, null, Objects.requireNonNull(reason, "reason must not be null"));
	}

	/**
	 * Whether arguments are a {@code db} command.
	 * @param args the arguments (Spring property options such as
	 * {@code --spring.profiles.active=x} are ignored)
	 * @return {@code true} when the first other argument is {@code db}
	 */
	public static boolean isCommand(String... args) {
		for (String arg : args) {
			if (!arg.startsWith("-")) {
				return arg.equals(COMMAND);
			}
		}
		return false;
	}

	/**
	 * The arguments that belong to the command line, from {@code db} on: what comes before
	 * ({@code --debug}, say) and Spring property options anywhere ({@code --name.with.dots=value})
	 * are left to Spring Boot.
	 * @param args the application's arguments
	 * @return the command line's arguments
	 */
	public static List<String> ownArguments(String... args) {
		List<String> own = Arrays.stream(args).filter((arg) -> !isSpringProperty(arg)).toList();
		for (int i = 0; i < own.size(); i++) {
			if (!own.get(i).startsWith("-")) {
				return own.get(i).equals(COMMAND) ? own.subList(i, own.size()) : own;
			}
		}
		return own;
	}

	private static boolean isSpringProperty(String arg) {
		if (!arg.startsWith("--") || !arg.contains("=")) {
			return false;
		}
		return arg.substring(2, arg.indexOf('=')).contains(".");
	}

	/**
	 * Run a command, printing everything to one stream.
	 * @param args the arguments, with or without the leading {@code db}
	 * @param out where to print
	 * @return the exit status: {@link #OK}, {@link #FAILURE} or {@link #USAGE}
	 */
	public int run(String[] args, PrintStream out) {
		return run(args, out, out);
	}

	/**
	 * Run a command.
	 * @param args the arguments, with or without the leading {@code db}
	 * @param out where results and progress go
	 * @param err where errors and usage go
	 * @return the exit status: {@link #OK}, {@link #FAILURE} or {@link #USAGE}
	 */
	public int run(String[] args, PrintStream out, PrintStream err) {
		DbCommand command;
		try {
			command = DbCommand.parse(ownArguments(args));
			if (!command.name().equals("help") && this.unavailable == null) {
				checkModules(command);
			}
		}
		catch (DbUsageException ex) {
			err.println("error: " + ex.getMessage());
			err.println();
			err.print(DbHelp.of(ex.command()));
			err.flush();
			return USAGE;
		}
		if (command.name().equals("help")) {
			out.print(DbHelp.of(command.helpTopic()));
			out.flush();
			return OK;
		}
		if (this.unavailable != null) {
			err.println("error: " + this.unavailable);
			err.flush();
			return FAILURE;
		}
		if (this.progress != null) {
			this.progress.attach(out);
		}
		try {
			return execute(command, out);
		}
		catch (DbUsageException ex) {
			err.println("error: " + ex.getMessage());
			err.println();
			err.print(DbHelp.of(ex.command()));
			return USAGE;
		}
		catch (MigrationException ex) {
			err.println("error: " + ex.getMessage());
			return FAILURE;
		}
		catch (RuntimeException ex) {
			err.println("error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
			return FAILURE;
		}
		finally {
			if (this.progress != null) {
				this.progress.detach();
			}
			out.flush();
			err.flush();
		}
	}

	private void checkModules(DbCommand command) {
		if (command.modules().isEmpty()) {
			return;
		}
		Set<String> known = this.migrations.modules().stream().map(MigrationModule::name).collect(Collectors.toCollection(TreeSet::new));
		for (String module : command.modules()) {
			if (!known.contains(module)) {
				throw new DbUsageException("Unknown module '" + module + "'; the modules are " + known + ".", command.name());
			}
		}
	}

	private int execute(DbCommand command, PrintStream out) {
		return switch (command.name()) {
			case "upgrade" -> report(out, "Upgrade", this.migrations.upgrade(command.request()));
			// --to is the downgrade's target here, not an upgrade target of the request.
			case "downgrade" -> report(out, "Downgrade",
					this.migrations.downgrade(command.request().withTarget(null), command.downgradeTarget()));
			case "stamp" -> report(out, "Stamp", this.migrations.stamp(command.request()));
			case "status" -> status(command, out);
			case "current" -> current(command, out);
			case "pending" -> pending(command, out);
			case "history" -> history(command, out);
			case "sql" -> sql(command, out);
			case "revision" -> revision(command, out);
			default -> throw new IllegalStateException("Unhandled command " + command.name());
		};
	}

	private int report(PrintStream out, String operation, MigrationReport report) {
		long changed = report.units().stream().filter((unit) -> unit.outcome() == UnitResult.Outcome.CHANGED).count();
		long upToDate = report.units().stream().filter((unit) -> unit.outcome() == UnitResult.Outcome.UP_TO_DATE).count();
		List<UnitResult> failures = report.failures();
		if (report.units().size() <= DETAILED_UNITS) {
			for (UnitResult unit : report.units()) {
				if (unit.outcome() == UnitResult.Outcome.CHANGED) {
					out.println(describe(unit.unit()) + ": " + unit.changeSets().size() + " changesets in "
							+ format(unit.duration()));
					unit.changeSets().forEach((changeSet) -> out.println("    " + changeSet));
				}
			}
		}
		for (UnitResult failure : failures) {
			out.println("FAILED " + describe(failure.unit()) + ": "
					+ ((failure.error() != null) ? failure.error().getMessage() : "unknown error"));
		}
		out.println(String.format(Locale.ROOT, "%s: %d units, %d changed (%d changesets), %d up to date, %d failed, in %s",
				operation, report.units().size(), changed, report.changeSetCount(), upToDate, failures.size(),
				format(report.elapsed())));
		return failures.isEmpty() ? OK : FAILURE;
	}

	private int status(DbCommand command, PrintStream out) {
		List<MigrationStatus> statuses = this.migrations.status(command.request());
		TextTable table = new TextTable("TENANT", "MODULE", "PART", "SCHEMA", "STATE", "CURRENT", "PENDING", "LAST RUN",
				"DURATION", "LAST ERROR");
		for (MigrationStatus status : statuses) {
			MigrationUnit unit = status.unit();
			table.row(tenant(unit), unit.module(), part(unit), unit.schema(), status.state(),
					(status.current() != null) ? status.current().id() : "", (status.pending() < 0) ? "?" : status.pending(),
					(status.lastRunAt() != null) ? TIME.format(status.lastRunAt()) : "",
					(status.lastDuration() != null) ? format(status.lastDuration()) : "", status.lastError());
		}
		table.print(out);
		Map<MigrationState, Long> byState = statuses.stream()
			.collect(Collectors.groupingBy(MigrationStatus::state, () -> new java.util.EnumMap<>(MigrationState.class),
					Collectors.counting()));
		out.println(statuses.size() + " units: " + byState.entrySet()
			.stream()
			.map((entry) -> entry.getValue() + " " + entry.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '))
			.collect(Collectors.joining(", ")));
		if (command.check() && statuses.stream().anyMatch((status) -> status.state() != MigrationState.UP_TO_DATE)) {
			return FAILURE;
		}
		return OK;
	}

	private int current(DbCommand command, PrintStream out) {
		TextTable table = new TextTable("TENANT", "MODULE", "PART", "SCHEMA", "CURRENT");
		for (MigrationStatus status : this.migrations.status(command.request())) {
			MigrationUnit unit = status.unit();
			table.row(tenant(unit), unit.module(), part(unit), unit.schema(),
					(status.current() != null) ? status.current().toString() : "(none)");
		}
		table.print(out);
		return OK;
	}

	private int pending(DbCommand command, PrintStream out) {
		Map<MigrationUnit, List<ChangeSetRef>> pending = this.migrations.pending(command.request());
		int total = 0;
		for (Map.Entry<MigrationUnit, List<ChangeSetRef>> entry : pending.entrySet()) {
			out.println(describe(entry.getKey()) + ": " + entry.getValue().size() + " pending");
			entry.getValue().forEach((changeSet) -> out.println("    " + changeSet));
			total += entry.getValue().size();
		}
		out.println(total + " changesets pending in " + pending.size() + " units");
		return OK;
	}

	private int history(DbCommand command, PrintStream out) {
		TenantId tenant = command.tenants().isEmpty() ? null : command.tenants().iterator().next();
		MigrationTarget target = (tenant != null) ? MigrationTarget.TENANT : MigrationTarget.SHARED;
		for (MigrationModule module : this.migrations.modules()) {
			boolean selected = command.modules().isEmpty() || command.modules().contains(module.name());
			if (!selected || (tenant != null && module.location(target) == null)) {
				continue;
			}
			List<AppliedChangeSet> history;
			try {
				history = this.migrations.history(tenant, module.name());
			}
			catch (MigrationNotFoundException ex) {
				if (module.location(target) != null) {
					throw ex;
				}
				// A module without a shared part has no shared history in schema-per-tenant
				// mode; in Row-Level Security mode its tenant part runs in the shared schema.
				continue;
			}
			if (history.isEmpty() && module.location(target) == null) {
				continue;
			}
			out.println("Module " + module.name() + ((tenant != null) ? ", tenant " + tenant : ", shared") + ": "
					+ history.size() + " changesets applied");
			TextTable table = new TextTable("#", "CHANGESET", "AUTHOR", "FILE", "EXECUTED AT", "TYPE", "TAG", "DURATION");
			for (AppliedChangeSet row : history) {
				table.row(row.orderExecuted(), row.changeSet().id(), row.changeSet().author(), row.changeSet().filePath(),
						TIME.format(row.executedAt()), row.execType(), row.tag(),
						(row.executionTime() != null) ? format(row.executionTime()) : "");
			}
			table.print(out);
			out.println();
		}
		return OK;
	}

	private int sql(DbCommand command, PrintStream out) {
		List<PlannedSql> planned = this.migrations.sql(command.request());
		MigrationUnit previous = null;
		for (PlannedSql sql : planned) {
			if (!sql.unit().equals(previous)) {
				out.println("-- " + describe(sql.unit()));
				out.println("SET search_path TO \"" + sql.unit().schema().replace("\"", "\"\"") + "\";");
				previous = sql.unit();
			}
			out.println("-- changeset " + sql.changeSet());
			String text = sql.sql().strip();
			out.println(text.endsWith(";") ? text : text + ";");
			out.println();
		}
		out.println("-- " + planned.size() + " changesets; nothing was executed");
		return OK;
	}

	private int revision(DbCommand command, PrintStream out) {
		List<MigrationModule> modules = this.migrations.modules();
		MigrationModule module = module(command, modules);
		MigrationTarget part = command.part();
		if (part == null) {
			part = (module.tenantLocation() != null) ? MigrationTarget.TENANT : MigrationTarget.SHARED;
		}
		Path file = this.migrations.create(
				new NewMigration(module.name(), part, Objects.requireNonNull(command.message()), command.autogenerate(),
						command.sourceRoot()));
		out.println("Created " + file);
		return OK;
	}

	private static MigrationModule module(DbCommand command, List<MigrationModule> modules) {
		String wanted = command.modules().isEmpty() ? null : command.modules().iterator().next();
		if (wanted == null) {
			if (modules.size() == 1) {
				return modules.get(0);
			}
			wanted = MigrationModule.DEFAULT_NAME;
		}
		for (MigrationModule module : modules) {
			if (module.name().equals(wanted)) {
				return module;
			}
		}
		throw new DbUsageException("Say which module the revision belongs to with --module; the modules are "
				+ modules.stream().map(MigrationModule::name).toList() + ".", "revision");
	}

	static String describe(MigrationUnit unit) {
		return ((unit.tenant() != null) ? "tenant " + unit.tenant() : "shared") + " " + unit.module() + "/" + part(unit)
				+ " (schema " + unit.schema() + ")";
	}

	private static String tenant(MigrationUnit unit) {
		return (unit.tenant() != null) ? unit.tenant().value() : "(shared)";
	}

	private static String part(MigrationUnit unit) {
		return unit.target().name().toLowerCase(Locale.ROOT);
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis < 1000) ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

	/** Stands in for the engine when there is none; never called. */
	private static final class Unavailable implements TenantMigrations {

		static final Unavailable INSTANCE = new Unavailable();

		@Override
		public List<MigrationModule> modules() {
			throw new IllegalStateException();
		}

		@Override
		public MigrationReport upgrade(MigrationRequest request) {
			throw new IllegalStateException();
		}

		@Override
		public Map<MigrationUnit, List<ChangeSetRef>> pending(MigrationRequest request) {
			throw new IllegalStateException();
		}

		@Override
		public List<MigrationStatus> status(MigrationRequest request) {
			throw new IllegalStateException();
		}

		@Override
		public List<AppliedChangeSet> history(@Nullable TenantId tenant, String module) {
			throw new IllegalStateException();
		}

		@Override
		public MigrationReport downgrade(MigrationRequest request,
				DowngradeTarget target) {
			throw new IllegalStateException();
		}

		@Override
		public MigrationReport stamp(MigrationRequest request) {
			throw new IllegalStateException();
		}

		@Override
		public List<PlannedSql> sql(MigrationRequest request) {
			throw new IllegalStateException();
		}

		@Override
		public Path create(NewMigration request) {
			throw new IllegalStateException();
		}

	}

}
