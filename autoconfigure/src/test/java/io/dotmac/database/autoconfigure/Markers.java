package io.dotmac.database.autoconfigure;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.test.TestDatabase;

/**
 * A one-row table {@code marker} that says which database a connection reached, so that a
 * test can tell the primary from the replica by what it reads.
 */
final class Markers {

	static final String PRIMARY = "primary";

	static final String REPLICA = "replica";

	private Markers() {
	}

	/**
	 * Create the table as the database owner, write the label, and let the application role
	 * read and write it, as a migration would.
	 */
	static void create(TestDatabase database, String label) {
		JdbcTemplate owner = new JdbcTemplate(database.ownerDataSource());
		owner.execute("CREATE TABLE marker (id integer PRIMARY KEY, label text NOT NULL)");
		owner.update("INSERT INTO marker (id, label) VALUES (1, ?)", label);
		owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON marker TO \"" + database.appUsername() + "\"");
	}

	/** Read the label through the given data source. */
	static String label(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT label FROM marker WHERE id = 1", String.class);
	}

	/** Count the rows with the given label, as the owner, bypassing the application. */
	static int count(TestDatabase database, String label) {
		DataSource owner = database.ownerDataSource();
		Integer count = new JdbcTemplate(owner).queryForObject("SELECT count(*) FROM marker WHERE label = ?",
				Integer.class, label);
		return (count != null) ? count : 0;
	}

}
