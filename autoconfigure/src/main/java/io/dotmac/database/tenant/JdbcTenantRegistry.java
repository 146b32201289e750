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

	private final String transitionSql;

	private final String removeSql;

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
		this.insertSql = "INSERT INTO " + name + " (id, name, status) VALUES (?, ?, ?)"
				+ " ON CONFLICT (id) DO NOTHING RETURNING " + COLUMNS;
		// Only touch updated_at when the status really changes, so that suspending twice is a no-op.
		// Suspend and resume only move between ACTIVE and SUSPENDED: a tenant that is being
		// provisioned or deleted is left to its lifecycle.
		this.setStatusSql = "UPDATE " + name + " SET status = ?, updated_at = CASE WHEN status = ? THEN updated_at"
				+ " ELSE now() END WHERE id = ? AND status IN ('ACTIVE', 'SUSPENDED') RETURNING " + COLUMNS;
		this.transitionSql = "UPDATE " + name + " SET status = ?, updated_at = CASE WHEN status = ? THEN updated_at"
				+ " ELSE now() END WHERE id = ? AND status IN (?, ?) RETURNING " + COLUMNS;
		this.removeSql = "DELETE FROM " + name + " WHERE id = ? AND status = ?";
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
		return register(id, name, TenantStatus.ACTIVE);
	}

	@Override
	public Tenant register(TenantId id, String name, TenantStatus status) {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(status, "status must not be null");
		checkName(name);
		return this.jdbc.sql(this.insertSql)
			.param(id.value())
			.param(name)
			.param(status.name())
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

	@Override
	public Tenant transition(TenantId id, TenantStatus from, TenantStatus to) {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(from, "from must not be null");
		Objects.requireNonNull(to, "to must not be null");
		return this.jdbc.sql(this.transitionSql)
			.param(to.name())
			.param(to.name())
			.param(id.value())
			.param(from.name())
			.param(to.name())
			.query(ROW_MAPPER)
			.optional()
			.orElseThrow(() -> notInState(id, "move it from " + from + " to " + to));
	}

	@Override
	public boolean remove(TenantId id, TenantStatus expected) {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(expected, "expected must not be null");
		if (this.jdbc.sql(this.removeSql).param(id.value()).param(expected.name()).update() == 1) {
			return true;
		}
		Optional<Tenant> tenant = find(id);
		if (tenant.isPresent()) {
			throw new TenantStateException(tenant.get(), "remove it, which needs " + expected);
		}
		return false;
	}

	private Tenant setStatus(TenantId id, TenantStatus status) {
		Objects.requireNonNull(id, "id must not be null");
		return this.jdbc.sql(this.setStatusSql)
			.param(status.name())
			.param(status.name())
			.param(id.value())
			.query(ROW_MAPPER)
			.optional()
			.orElseThrow(() -> notInState(id, "set it " + status));
	}

	private TenantException notInState(TenantId id, String action) {
		return find(id).<TenantException>map((tenant) -> new TenantStateException(tenant, action))
			.orElseGet(() -> new UnknownTenantException(id));
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
