package io.dotmac.database.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.dotmac.database.jdbc.InvalidDatabaseUrlException;

/**
 * Turns a malformed database URL (in {@code DATABASE_URL}, say) that stopped the
 * application into a description of the problem and the fix.
 * <p>
 * Neither contains the URL: the exception's problem text never repeats it, because a
 * malformed URL cannot be split reliably into what is secret and what is not.
 */
public class InvalidDatabaseUrlFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDatabaseUrlException> {

	private static final String DATABASE_URL = "DATABASE_URL";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDatabaseUrlException cause) {
		String origin = cause.getOrigin();
		String source = (origin != null) ? origin : "a database URL";
		String description = "The database URL in " + source + " is invalid: " + cause.getProblem() + ".";
		StringBuilder action = new StringBuilder();
		action.append("Correct ").append(source).append(". URLs of these forms are accepted:\n\n");
		action.append("\tpostgres://user:password@host:5432/database?sslmode=require\n");
		action.append("\tpostgresql://user:password@host1:5432,host2:5432/database\n");
		action.append("\tjdbc:postgresql://host:5432/database?sslmode=verify-full\n\n");
		action.append("Percent-encode special characters in the user name and password, for example ");
		action.append("'@' as %40, '/' as %2F, ':' as %3A, '#' as %23 and '%' as %25.");
		if (DATABASE_URL.equals(origin)) {
			action.append(" Alternatively, set spring.datasource.url (with spring.datasource.username and ");
			action.append("spring.datasource.password), which takes precedence over DATABASE_URL.");
		}
		return new FailureAnalysis(description, action.toString(), cause);
	}

}
