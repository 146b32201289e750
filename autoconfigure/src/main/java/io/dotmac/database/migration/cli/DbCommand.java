package io.dotmac.database.migration.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.DowngradeTarget;
import io.dotmac.database.migration.MigrationRequest;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.TenantSelection;
import io.dotmac.database.tenant.TenantId;

/**
 * A parsed {@code db} command line: the command and its options, checked for consistency
 * before anything runs.
 *
 * @param name the command ({@code upgrade}, {@code downgrade}, ...)
 * @param tenants the tenants named with {@code --tenant}
 * @param allTenants whether {@code --all-tenants} was given
 * @param sharedOnly whether {@code --shared-only} (or, for history, {@code --shared}) was given
 * @param includeShared whether {@code --include-shared} was given with {@code --tenant}
 * @param modules the modules named with {@code --module}
 * @param to the {@code --to} target (tag or changeset id)
 * @param count the downgrade count ({@code -1}, {@code 1}, {@code --count 1}), or 0
 * @param message the {@code -m} message of a revision
 * @param part the {@code --tenant-part} / {@code --shared-part} of a revision
 * @param autogenerate whether {@code --autogenerate} was given
 * @param sourceRoot the {@code --source-root} of a revision
 * @param parallelism the {@code --parallelism}, or 0
 * @param deepVerify whether {@code --deep-verify} was given
 * @param check whether {@code status --check} was given
 * @param helpTopic for {@code help}, the command asked about ({@code ""} for the overview)
 */
record DbCommand(String name, Set<TenantId> tenants, boolean allTenants, boolean sharedOnly, boolean includeShared,
		Set<String> modules, @Nullable String to, int count, @Nullable String message, @Nullable MigrationTarget part,
		boolean autogenerate, @Nullable Path sourceRoot, int parallelism, boolean deepVerify, boolean check,
		String helpTopic) {

	/** The commands, in the order help lists them. */
	static final List<String> COMMANDS = List.of("upgrade", "downgrade", "status", "current", "pending", "history",
			"stamp", "sql", "revision", "help");

	/**
	 * Parse the arguments that follow {@code db}.
	 * @param args the arguments (a leading {@code db} is skipped)
	 * @return the command
	 * @throws DbUsageException when they do not form a valid command
	 */
	static DbCommand parse(List<String> args) {
		List<String> rest = new ArrayList<>(args);
		if (!rest.isEmpty() && rest.get(0).equals("db")) {
			rest.remove(0);
		}
		if (rest.isEmpty()) {
			throw new DbUsageException("No command given.", "");
		}
		String name = rest.remove(0);
		if (name.equals("-h") || name.equals("--help")) {
			name = "help";
		}
		if (!COMMANDS.contains(name)) {
			throw new DbUsageException("Unknown command '" + name + "'.", "");
		}
		Builder builder = new Builder(name);
		for (int i = 0; i < rest.size(); i++) {
			String arg = rest.get(i);
			String option = arg;
			String inline = null;
			if (arg.startsWith("--") && arg.contains("=")) {
				option = arg.substring(0, arg.indexOf('='));
				inline = arg.substring(arg.indexOf('=') + 1);
			}
			if (!option.startsWith("-") || isNegativeCount(name, option)) {
				builder.positional(arg);
				continue;
			}
			if (Builder.FLAGS.contains(option)) {
				if (inline != null) {
					throw builder.usage("Option " + option + " takes no value.");
				}
				builder.flag(option);
				continue;
			}
			if (!Builder.VALUED.contains(option)) {
				throw builder.usage("Unknown option '" + option + "' for 'db " + name + "'.");
			}
			String value = inline;
			if (value == null) {
				if (i + 1 >= rest.size()) {
					throw builder.usage("Option " + option + " needs a value.");
				}
				value = rest.get(++i);
			}
			builder.value(option, value);
		}
		return builder.build();
	}

	private static boolean isNegativeCount(String command, String arg) {
		return command.equals("downgrade") && arg.matches("-[0-9]+");
	}

	/**
	 * The request the selection options describe.
	 * @return the request
	 */
	MigrationRequest request() {
		MigrationRequest request;
		if (this.allTenants) {
			request = MigrationRequest.allTenants();
		}
		else if (!this.tenants.isEmpty()) {
			request = MigrationRequest.forTenants().withTenants(TenantSelection.of(this.tenants)).withShared(this.includeShared);
		}
		else if (this.sharedOnly) {
			request = MigrationRequest.sharedOnly();
		}
		else {
			request = MigrationRequest.allTenants();
		}
		if (!this.modules.isEmpty()) {
			request = request.withModules(this.modules.toArray(String[]::new));
		}
		if (this.parallelism > 0) {
			request = request.withParallelism(this.parallelism);
		}
		if (this.deepVerify) {
			request = request.withDeepVerify();
		}
		return request.withTarget(this.to);
	}

	/**
	 * The downgrade target.
	 * @return the target
	 */
	DowngradeTarget downgradeTarget() {
		return (this.to != null) ? DowngradeTarget.tag(this.to) : DowngradeTarget.count(this.count);
	}

	/**
	 * Whether the command names which tenants (or the shared parts) it covers.
	 * @return {@code true} when a selection option was given
	 */
	boolean hasSelection() {
		return this.allTenants || this.sharedOnly || !this.tenants.isEmpty();
	}

	/** Collects options, then checks them as a whole. */
	private static final class Builder {

		static final Set<String> FLAGS = Set.of("--all-tenants", "--shared-only", "--shared", "--include-shared",
				"--tenant-part", "--shared-part", "--autogenerate", "--deep-verify", "--check", "-h", "--help");

		static final Set<String> VALUED = Set.of("--tenant", "-t", "--module", "--to", "--count", "-m", "--message",
				"--source-root", "--parallelism");

		private final String name;

		private final Set<TenantId> tenants = new LinkedHashSet<>();

		private final Set<String> modules = new LinkedHashSet<>();

		private final Set<String> flags = new LinkedHashSet<>();

		private @Nullable String to;

		private int count;

		private @Nullable String message;

		private @Nullable Path sourceRoot;

		private int parallelism;

		private final List<String> positionals = new ArrayList<>();

		Builder(String name) {
			this.name = name;
		}

		DbUsageException usage(String message) {
			return new DbUsageException(message, this.name);
		}

		void flag(String option) {
			this.flags.add(option.equals("-h") ? "--help" : option);
		}

		void positional(String arg) {
			this.positionals.add(arg);
		}

		void value(String option, String value) {
			switch (option) {
				case "--tenant", "-t" -> {
					for (String tenant : value.split(",")) {
						if (!TenantId.isValid(tenant.trim())) {
							throw usage("'" + tenant + "' is not a valid tenant id (" + TenantId.PATTERN + ").");
						}
						this.tenants.add(TenantId.of(tenant.trim()));
					}
				}
				case "--module" -> {
					for (String module : value.split(",")) {
						this.modules.add(module.trim());
					}
				}
				case "--to" -> this.to = value;
				case "--count" -> this.count = positiveInt(option, value);
				case "-m", "--message" -> this.message = value;
				case "--source-root" -> this.sourceRoot = Path.of(value);
				case "--parallelism" -> this.parallelism = positiveInt(option, value);
				default -> throw usage("Unknown option '" + option + "'.");
			}
		}

		private int positiveInt(String option, String value) {
			try {
				int number = Integer.parseInt(value);
				if (number > 0) {
					return number;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw usage("Option " + option + " needs a positive number, not '" + value + "'.");
		}

		DbCommand build() {
			boolean help = this.flags.contains("--help");
			String helpTopic = "";
			if (this.name.equals("help") || help) {
				if (this.name.equals("help") && !this.positionals.isEmpty()) {
					helpTopic = this.positionals.get(0);
					if (!COMMANDS.contains(helpTopic)) {
						throw new DbUsageException("Unknown command '" + helpTopic + "'.", "");
					}
				}
				else if (!this.name.equals("help")) {
					helpTopic = this.name;
				}
				return new DbCommand("help", Set.of(), false, false, false, Set.of(), null, 0, null, null, false, null, 0,
						false, false, helpTopic);
			}
			positionals();
			boolean allTenants = this.flags.contains("--all-tenants");
			boolean sharedOnly = this.flags.contains("--shared-only") || this.flags.contains("--shared");
			if ((allTenants ? 1 : 0) + (sharedOnly ? 1 : 0) + (this.tenants.isEmpty() ? 0 : 1) > 1) {
				throw usage("Give one of --all-tenants, --tenant and --shared-only.");
			}
			if (this.flags.contains("--include-shared") && this.tenants.isEmpty()) {
				throw usage("--include-shared goes with --tenant.");
			}
			if (this.flags.contains("--tenant-part") && this.flags.contains("--shared-part")) {
				throw usage("Give --tenant-part or --shared-part, not both.");
			}
			allowOnly();
			checkCommand(allTenants, sharedOnly);
			MigrationTarget part = this.flags.contains("--tenant-part") ? MigrationTarget.TENANT
					: (this.flags.contains("--shared-part") ? MigrationTarget.SHARED : null);
			return new DbCommand(this.name, Set.copyOf(this.tenants), allTenants, sharedOnly,
					this.flags.contains("--include-shared"), Set.copyOf(this.modules), this.to, this.count, this.message,
					part, this.flags.contains("--autogenerate"), this.sourceRoot, this.parallelism,
					this.flags.contains("--deep-verify"), this.flags.contains("--check"), "");
		}

		private void positionals() {
			if (this.positionals.isEmpty()) {
				return;
			}
			if (this.name.equals("downgrade") && this.positionals.size() == 1 && this.count == 0) {
				String value = this.positionals.get(0);
				this.count = positiveInt("downgrade", value.startsWith("-") ? value.substring(1) : value);
				return;
			}
			throw usage("Unexpected argument '" + this.positionals.get(0) + "' for 'db " + this.name + "'.");
		}

		private void allowOnly() {
			Set<String> allowed = switch (this.name) {
				case "upgrade", "sql" -> Set.of("--all-tenants", "--tenant", "--shared-only", "--include-shared", "--module",
						"--to", "--parallelism", "--deep-verify");
				case "stamp" -> Set.of("--all-tenants", "--tenant", "--shared-only", "--include-shared", "--module", "--to",
						"--parallelism");
				case "downgrade" -> Set.of("--all-tenants", "--tenant", "--shared-only", "--include-shared", "--module",
						"--to", "--count", "--parallelism");
				case "status", "current", "pending" -> Set.of("--all-tenants", "--tenant", "--shared-only",
						"--include-shared", "--module", "--deep-verify", "--check");
				case "history" -> Set.of("--tenant", "--shared", "--shared-only", "--module");
				case "revision" -> Set.of("--message", "--module", "--tenant-part", "--shared-part", "--autogenerate",
						"--source-root");
				default -> Set.of();
			};
			List<String> given = new ArrayList<>(this.flags);
			if (!this.tenants.isEmpty()) {
				given.add("--tenant");
			}
			if (!this.modules.isEmpty()) {
				given.add("--module");
			}
			if (this.to != null) {
				given.add("--to");
			}
			if (this.message != null) {
				given.add("--message");
			}
			if (this.sourceRoot != null) {
				given.add("--source-root");
			}
			if (this.parallelism > 0) {
				given.add("--parallelism");
			}
			if (this.count > 0 && !this.name.equals("downgrade")) {
				given.add("--count");
			}
			for (String option : given) {
				if (!allowed.contains(option) && !(option.equals("--shared") && allowed.contains("--shared-only"))) {
					throw usage("Option " + option + " does not apply to 'db " + this.name + "'.");
				}
			}
			if (this.name.equals("status") == false && this.flags.contains("--check")) {
				throw usage("--check goes with 'db status'.");
			}
		}

		private void checkCommand(boolean allTenants, boolean sharedOnly) {
			switch (this.name) {
				case "downgrade" -> {
					if ((this.to != null) == (this.count > 0)) {
						throw usage("Say how far back: a count (-1, 2, --count 2) or --to TAG, not both.");
					}
					if (!allTenants && !sharedOnly && this.tenants.isEmpty()) {
						throw usage("Say what to roll back: --tenant T, --all-tenants or --shared-only.");
					}
				}
				case "history" -> {
					if (this.tenants.size() + (sharedOnly ? 1 : 0) != 1) {
						throw usage("Say whose history: one --tenant T, or --shared.");
					}
				}
				case "revision" -> {
					if (this.message == null || this.message.isBlank()) {
						throw usage("Describe the migration with -m \"what it does\".");
					}
					if (this.modules.size() > 1) {
						throw usage("A revision belongs to one --module.");
					}
				}
				default -> {
				}
			}
		}

	}

}
