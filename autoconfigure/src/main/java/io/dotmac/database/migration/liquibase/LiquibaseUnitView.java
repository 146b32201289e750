package io.dotmac.database.migration.liquibase;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import liquibase.Scope;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.RanChangeSet;
import liquibase.command.core.HistoryCommandStep;
import liquibase.command.core.StatusCommandStep;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseException;
import io.dotmac.database.migration.AppliedChangeSet;
import io.dotmac.database.migration.ChangeSetRef;
import io.dotmac.database.migration.MigrationException;
import io.dotmac.database.migration.MigrationUnit;

/**
 * Liquibase's own view of a unit, read through Liquibase's public API, for cross-checks
 * against the engine's state and history: the changesets Liquibase would still run
 * ({@code status}) and the history Liquibase reads from the unit's history table
 * ({@code history}), as data and as Liquibase's printed reports.
 * <p>
 * Read-only: nothing is locked, and when the connection is in auto-commit mode the
 * transaction the view runs in is rolled back (Liquibase may otherwise create a missing
 * history table while looking).
 */
public class LiquibaseUnitView {

	/**
	 * The unit's history as Liquibase reads it ({@code ChangeLogHistoryService}), oldest first.
	 * Liquibase knows no execution times: {@link AppliedChangeSet#executionTime()} is null.
	 * @param connection the connection
	 * @param unit the unit
	 * @return the applied changesets; empty when the unit has no history table
	 */
	public List<AppliedChangeSet> history(Connection connection, MigrationUnit unit) {
		return read(connection, unit, null, (session) -> {
			if (!HistoryRows.exists(session.connection(), unit.schema(), UnitSession.historyTable(unit))) {
				return List.of();
			}
			List<RanChangeSet> ran = Scope.getCurrentScope()
				.getSingleton(ChangeLogHistoryServiceFactory.class)
				.getChangeLogService(session.database())
				.getRanChangeSets();
			return ran.stream().map(LiquibaseUnitView::toApplied).toList();
		});
	}

	/**
	 * The changesets of the changelog Liquibase would still run in the unit, in order
	 * (Liquibase's {@code status}).
	 * @param connection the connection
	 * @param unit the unit
	 * @param changelog its changelog
	 * @return the unrun changesets
	 */
	public List<ChangeSetRef> unrunChangeSets(Connection connection, MigrationUnit unit, UnitChangelog changelog) {
		Objects.requireNonNull(changelog, "changelog must not be null");
		return read(connection, unit, changelog,
				(session) -> new StatusCommandStep()
					.listUnrunChangeSets(session.contexts(), session.labels(), session.changeLog(), session.database())
					.stream()
					.map((changeSet) -> new ChangeSetRef(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath()))
					.toList());
	}

	/**
	 * Liquibase's {@code history} command's report for the unit, as Liquibase prints it.
	 * @param connection the connection
	 * @param unit the unit
	 * @return the report
	 */
	public String historyReport(Connection connection, MigrationUnit unit) {
		return read(connection, unit, null, (session) -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			session.databaseCommand(HistoryCommandStep.COMMAND_NAME).setOutput(out).execute();
			return out.toString(StandardCharsets.UTF_8);
		});
	}

	/**
	 * Liquibase's {@code status --verbose} report for the unit, as Liquibase prints it.
	 * @param connection the connection
	 * @param unit the unit
	 * @param changelog its changelog
	 * @return the report
	 */
	public String statusReport(Connection connection, MigrationUnit unit, UnitChangelog changelog) {
		Objects.requireNonNull(changelog, "changelog must not be null");
		return read(connection, unit, changelog, (session) -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			session.command(StatusCommandStep.COMMAND_NAME)
				.addArgumentValue(StatusCommandStep.VERBOSE_ARG, true)
				.setOutput(out)
				.execute();
			return out.toString(StandardCharsets.UTF_8);
		});
	}

	private static <T> T read(Connection connection, MigrationUnit unit, @Nullable UnitChangelog changelog,
			UnitSession.Work<T> work) {
		Objects.requireNonNull(connection, "connection must not be null");
		Objects.requireNonNull(unit, "unit must not be null");
		try {
			return UnitSession.run(connection, unit, changelog, UnitSession.Mode.READ, Duration.ZERO, work);
		}
		catch (MigrationException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new LiquibaseViewException(
					"Liquibase could not read " + unit + " (history table " + UnitSession.historyTable(unit) + "): "
							+ ex.getMessage(), ex);
		}
	}

	private static AppliedChangeSet toApplied(RanChangeSet ran) {
		Instant executed = (ran.getDateExecuted() != null) ? ran.getDateExecuted().toInstant() : Instant.EPOCH;
		return new AppliedChangeSet(new ChangeSetRef(ran.getId(), ran.getAuthor(), ran.getChangeLog()),
				(ran.getLastCheckSum() != null) ? ran.getLastCheckSum().toString() : null, executed,
				(ran.getOrderExecuted() != null) ? ran.getOrderExecuted() : 0,
				(ran.getExecType() != null) ? ran.getExecType().name() : "EXECUTED", ran.getTag(), ran.getDescription(),
				null);
	}

	/** Liquibase could not read a unit. */
	public static final class LiquibaseViewException extends DatabaseException {

		private static final long serialVersionUID = 1L;

		LiquibaseViewException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
