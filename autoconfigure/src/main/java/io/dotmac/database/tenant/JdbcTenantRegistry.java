package io.dotmac.database.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.dotmac.database.DatabaseValidationException;

/**
 * The default {@link TenantRegistry}: one row per tenant in a table of a shared schema (see
 * {@link TenantRegistryTable}), created by {@link TenantRegistrySchemaInitializer}.
 * <p>
 * Every call is one statement and so one round trip; changes are single atomic statements
 * ({@code INSERT ... ON CONFLICT DO NOTHING}, {@code UPDATE ... RETURNING}) that need no
 * surrounding transaction. Tenant ids reach SQL only as bind parameters, and only after
 * {@link TenantId} validated them. Wrap it in a {@link CachingTenantRegistry} for the request
 * path.
 * <p>
 * The connecting role needs {@code SELECT} on the table for lookups, and {@code INSERT} and
 * {@code UPDATE} for changes.
 */
public class JdbcTenantRegistry implements TenantRegistry {

	private static final String COLUMNS = "id, name, status, created_at, updated_at";

	private static final RowMapper<Tenant> ROW_MAPPER = JdbcTenantRegistry::mapRow;

	private final JdbcClient jdbc;

	private final TenantRegistryTable table;

	private final String findSql;

	private final String findAllSql;

	private final String insertSql;

	private final String setStatusSql;

	/**
	 * Create a registry on the default table.
	 * @param dataSource where the table lives
	 */
	public JdbcTenantRegistry(DataSource dataSource) {
		this(dataSource, TenantRegistryTable.defaults());
	}

	/**
	 * Create a registry.
	 * @param dataSource where the table lives
	 * @param table the table
	 */
	public JdbcTenantRegistry(DataSource dataSource, TenantRegistryTable table) {
		this.jdbc = JdbcClient.create(Objects.requireNonNull(dataSource, "dataSource must not be null"));
		this.table = Objects.requireNonNull(table, "table must not be null");
		String name = table.qualifiedName();
		this.findSql = "SELECT " + COLUMNS + " FROM " + name + " WHERE id = ?";
		this.findAllSql = "SELECT " + COLUMNS + " FROM " + name + " ORDER BY id";
		this.insertSql = "INSERT INTO " + name + " (id, name, status) VALUES (?, ?, 'ACTIVE')"
				+ " ON CONFLICT (id) DO NOTHING RETURNING " + COLUMNS;
		// Only touch updated_at when the status really changes, so that suspending twice is a no-op.
		this.setStatusSql = "UPDATE " + name + " SET status = ?, updated_at = CASE WHEN status = ? THEN updated_at"
				+ " ELSE now() END WHERE id = ? RETURNING " + COLUMNS;
	}

	/**
	 * Return the table this registry reads and writes.
	 * @return the table
	 */
	public TenantRegistryTable getTable() {
		return this.table;
	}

	@Override
	public Optional<Tenant> find(TenantId id) {
		Objects.requireNonNull(id, "id must not be null");
		return this.jdbc.sql(this.findSql).param(id.value()).query(ROW_MAPPER).optional();
	}

	@Override
	public List<Tenant> findAll() {
		return this.jdbc.sql(this.findAllSql).query(ROW_MAPPER).list();
	}

	@Override
	public Tenant register(TenantId id, String name) {
		Objects.requireNonNull(id, "id must not be null");
		checkName(name);
		return this.jdbc.sql(this.insertSql)
			.param(id.value())
			.param(name)
			.query(ROW_MAPPER)
			.optional()
			.orElseThrow(() -> new TenantAlreadyExistsException(id));
	}

	@Override
	public Tenant suspend(TenantId id) {
		return setStatus(id, TenantStatus.SUSPENDED);
	}

	@Override
	public Tenant resume(TenantId id) {
		return setStatus(id, TenantStatus.ACTIVE);
	}

	private Tenant setStatus(TenantId id, TenantStatus status) {
		Objects.requireNonNull(id, "id must not be null");
		return this.jdbc.sql(this.setStatusSql)
			.param(status.name())
			.param(status.name())
			.param(id.value())
			.query(ROW_MAPPER)
			.optional()
			.orElseThrow(() -> new UnknownTenantException(id));
	}

	private static void checkName(String name) {
		if (name == null || name.isBlank()) {
			throw new DatabaseValidationException("Tenant name must not be blank");
		}
		if (name.length() > MAX_NAME_LENGTH) {
			throw new DatabaseValidationException(
					"Tenant name is " + name.length() + " characters long; at most " + MAX_NAME_LENGTH + " are allowed");
		}
	}

	private static Tenant mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new Tenant(TenantId.of(rs.getString("id")), rs.getString("name"),
				TenantStatus.valueOf(rs.getString("status")), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				rs.getObject("updated_at", OffsetDateTime.class).toInstant());
	}

	@Override
	public String toString() {
		return "JdbcTenantRegistry on " + this.table;
	}

}
