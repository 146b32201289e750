package io.dotmac.database.migration.cli;

import java.util.Map;

/**
 * The help texts of the {@code db} command line.
 */
final class DbHelp {

	private static final String SELECTION = """
			  Which units (tenant schemas, shared parts):
			    --all-tenants          every tenant, and the shared parts
			    --tenant T[,T...]      these tenants' schemas (repeatable; -t T)
			    --include-shared       with --tenant: the shared parts too
			    --shared-only          the shared parts only
			    --module M[,M...]      only these modules (repeatable); default: every module
			""";

	private static final String OVERVIEW = """
			Usage: java -jar app.jar db <command> [options]

			Tenant-aware Liquibase migrations: the shared changelogs, each module's, and every
			tenant's schema. Nothing starts but the database: no web server, no startup migrations.

			Commands:
			  upgrade     apply pending changesets (to the head, or --to a tag or changeset)
			  downgrade   roll back: -N changesets (or N, --count N), or --to TAG
			  status      where each unit stands (state, current, pending, last run, last error)
			  current     the last applied changeset of each unit
			  pending     the changesets not applied yet, per unit
			  history     one tenant's (or the shared) history, with execution times
			  stamp       mark changesets applied without running them
			  sql         print the SQL an upgrade would run; runs nothing
			  revision    write a new migration file with the next version
			  help        this text, or 'db help <command>'

			Exit status: 0 success, 1 failure (a unit failed, or an error), 2 usage error.
			""";

	private static final Map<String, String> COMMANDS = Map.of("upgrade", """
			Usage: db upgrade [--all-tenants | --tenant T ... | --shared-only] [--module M] [--to TAG]
			                  [--parallelism N] [--deep-verify]

			Apply the pending changesets: the shared parts first, then every selected tenant schema,
			in parallel. Default: everything. A failing unit is reported and the others carry on;
			the exit status is 1 when any unit failed.
			""" + SELECTION + """
			  --to TAG               stop at this tag or changeset id (inclusive)
			  --parallelism N        how many schemas at once (default: configured)
			  --deep-verify          check each schema's own history, not only the state table
			""", "downgrade", """
			Usage: db downgrade (-N | N | --count N | --to TAG) (--tenant T ... | --all-tenants | --shared-only)
			                    [--module M]

			Roll back the last N changesets, or everything after the changeset tagged TAG (which
			stays applied), using the changesets' rollback blocks or Liquibase's automatic rollback.
			A unit with a changeset that has no rollback is refused and left unchanged. Say which
			units: a downgrade never defaults to every tenant.
			""" + SELECTION, "status", """
			Usage: db status [--all-tenants | --tenant T ... | --shared-only] [--module M] [--deep-verify] [--check]

			One line per unit: state, current changeset, pending count, last run, duration and last
			error. With --check, the exit status is 1 when a unit is not up to date.
			""" + SELECTION, "current", """
			Usage: db current [--all-tenants | --tenant T ... | --shared-only] [--module M]

			The last applied changeset of each unit.
			""" + SELECTION, "pending", """
			Usage: db pending [--all-tenants | --tenant T ... | --shared-only] [--module M] [--deep-verify]

			The changesets not applied yet, per unit, in the order they would run.
			""" + SELECTION, "history", """
			Usage: db history (--tenant T | --shared) [--module M]

			The applied changesets of one tenant's schema (or of the shared parts), oldest first,
			with when they ran, how, their tag and how long they took.
			""", "stamp", """
			Usage: db stamp [--all-tenants | --tenant T ... | --shared-only] [--module M] [--to TAG]

			Record the changesets up to the head (or --to TAG) as applied without running them,
			for schemas that already have the changes. Default: everything.
			""" + SELECTION, "sql", """
			Usage: db sql [--all-tenants | --tenant T ... | --shared-only] [--module M] [--to TAG]

			Print the SQL an upgrade would run, per unit and changeset, with every template expanded
			for the unit's schema. Nothing is executed or recorded.
			""" + SELECTION, "revision", """
			Usage: db revision -m "what it does" [--module M] [--tenant-part | --shared-part] [--autogenerate]
			                   [--source-root DIR]

			Write a new migration file with the next version in the module's part (default: the
			application's module; its tenant part when it has one). With --autogenerate, fill it
			from the difference between the JPA model and the database.
			  --source-root DIR      where the module's locations are found as files
			                         (default: src/main/resources)
			""", "help", """
			Usage: db help [command]
			""");

	private DbHelp() {
	}

	static String overview() {
		return OVERVIEW;
	}

	static String of(String command) {
		return command.isEmpty() ? OVERVIEW : COMMANDS.getOrDefault(command, OVERVIEW);
	}

}
