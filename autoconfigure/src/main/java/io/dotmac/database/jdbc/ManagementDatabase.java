package io.dotmac.database.jdbc;

import java.util.Objects;

import javax.sql.DataSource;

/**
 * The management database of a dual-database layout: a {@link DataSource} of its own for
 * the tenant registry and other management tables, apart from the database that holds the
 * tenants' data. Deliberately not a {@code DataSource} bean itself, so that the application's
 * one {@code DataSource} stays the single candidate that JPA, Liquibase and
 * {@code JdbcTemplate} use.
 * <p>
 * Closing it closes the data source when that is {@link AutoCloseable} (a pool).
 */
public final class ManagementDatabase implements AutoCloseable {

	private final DataSource dataSource;

	/**
	 * Create a management database.
	 * @param dataSource its data source
	 */
	public ManagementDatabase(DataSource dataSource) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
	}

	/**
	 * The management database's data source.
	 * @return the data source
	 */
	public DataSource getDataSource() {
		return this.dataSource;
	}

	@Override
	public void close() throws Exception {
		if (this.dataSource instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	@Override
	public String toString() {
		return "ManagementDatabase[" + this.dataSource + "]";
	}

}
