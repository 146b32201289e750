package io.dotmac.database.migration.engine;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.migration.MigrationInitException;
import io.dotmac.database.migration.MigrationTarget;
import io.dotmac.database.migration.MigrationUnit;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistryTable;

/**
 * The central state table, {@code dotmac_migration_state} next to the tenant registry (created
 * by the registry's changelog): one row per unit, keyed by tenant ({@code ''} for work that
 * belongs to no tenant), module and part, holding the fingerprint of the changelog the unit was
 * last brought to, its status, its last changeset and error.
 * <p>
 * It lets a start-up decide what to visit with one query: the registry's tenants (not being
 * provisioned or deleted) joined with their state rows, keeping those whose fingerprint differs
 * from the current plan's or whose last run did not end up to date. With every tenant up to
 * date the query returns nothing and no tenant schema is touched. Results are written in
 * batches, one round trip per batch.
 */
public class MigrationStateStore {

	/** {@code tenant} of units that belong to no tenant. */
	static final String NO_TENANT = "";

	private final DataSource dataSource;

	private final TenantRegistryTable registry;

	private final String table;

	/**
	 * Create a store.
	 * @param dataSource the database of the tenant registry (the management database, when
	 * there is one)
	 * @param registry the registry table; the state table lives in its schema
	 */
	public MigrationStateStore(DataSource dataSource, TenantRegistryTable registry) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
		this.table = registry.migrationStateQualifiedName();
	}

	/**
	 * The state table.
	 * @return its quoted, schema-qualified name
	 */
	public String qualifiedName() {
		return this.table;
	}

	/**
	 * The tenants to migrate: every tenant of the registry that is not being provisioned or
	 * deleted, or the named ones.
	 * @param named the named tenants, or {@code null} for the registry's
	 * @return the tenants, sorted
	 */
	public List<TenantId> tenants(@Nullable Collection<TenantId> named) {
		if (named != null) {
			return named.stream().sorted().toList();
		}
		String sql = "SELECT id FROM " + this.registry.qualifiedName()
				+ " WHERE status NOT IN ('DELETING', 'PROVISIONING') ORDER BY id";
		List<TenantId> tenants = new ArrayList<>();
		query(sql, (statement) -> {
		}, (result) -> tenants.add(TenantId.of(result.getString(1))));
		return tenants;
	}

	/**
	 * The tenant units that need a visit, decided by one query: no state row, another
	 * fingerprint, or a status other than up to date.
	 * @param parts the tenant parts: module name to current fingerprint; a part whose plan must
	 * always be visited has fingerprint {@code null}
	 * @param named the named tenants, or {@code null} for the registry's
	 * @return per tenant (sorted), the module names to visit
	 */
	public Map<TenantId, Set<String>> staleTenantUnits(Map<String, @Nullable String> parts,
			@Nullable Collection<TenantId> named) {
		Map<TenantId, Set<String>> stale = new LinkedHashMap<>();
		if (parts.isEmpty()) {
			return stale;
		}
		String tenants = (named != null) ? "unnest(?::text[]) AS t(id)"
				: this.registry.qualifiedName() + " t";
		String sql = "SELECT t.id, p.module FROM " + tenants
				+ " CROSS JOIN unnest(?::text[], ?::text[]) AS p(module, fingerprint)"
				+ " LEFT JOIN " + this.table + " s ON s.tenant = t.id AND s.module = p.module AND s.target = 'TENANT'"
				+ " WHERE " + ((named != null) ? "" : "t.status NOT IN ('DELETING', 'PROVISIONING') AND ")
				+ "(p.fingerprint IS NULL OR s.fingerprint IS DISTINCT FROM p.fingerprint OR s.status <> 'UP_TO_DATE')"
				+ " ORDER BY t.id";
		List<String> modules = new ArrayList<>(parts.keySet());
		List<String> fingerprints = new ArrayList<>();
		modules.forEach((module) -> fingerprints.add(parts.get(module)));
		query(sql, (statement) -> {
			int index = 1;
			if (named != null) {
				statement.setArray(index++, textArray(statement.getConnection(),
						named.stream().map(TenantId::value).toList()));
			}
			statement.setArray(index++, textArray(statement.getConnection(), modules));
			statement.setArray(index, textArray(statement.getConnection(), fingerprints));
		}, (result) -> stale.computeIfAbsent(TenantId.of(result.getString(1)), (key) -> new LinkedHashSet<>())
			.add(result.getString(2)));
		return stale;
	}

	/**
	 * The state rows of some units.
	 * @param units the units
	 * @return the rows found, by unit key ({@link #key(MigrationUnit)})
	 */
	public Map<String, Row> read(Collection<MigrationUnit> units) {
		Map<String, Row> rows = new HashMap<>();
		if (units.isEmpty()) {
			return rows;
		}
		List<String> tenants = new ArrayList<>();
		List<String> modules = new ArrayList<>();
		List<String> targets = new ArrayList<>();
		for (MigrationUnit unit : units) {
			tenants.add(tenantKey(unit));
			modules.add(unit.module());
			targets.add(unit.target().name());
		}
		String sql = "SELECT s.tenant, s.module, s.target, s.schema_name, s.fingerprint, s.status, s.last_changeset,"
				+ " s.pending_count, s.last_error, s.duration_ms, s.updated_at FROM " + this.table + " s"
				+ " JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(tenant, module, target)"
				+ " ON s.tenant = k.tenant AND s.module = k.module AND s.target = k.target";
		query(sql, (statement) -> {
			statement.setArray(1, textArray(statement.getConnection(), tenants));
			statement.setArray(2, textArray(statement.getConnection(), modules));
			statement.setArray(3, textArray(statement.getConnection(), targets));
		}, (result) -> {
			long millis = result.getLong(10);
			Duration duration = result.wasNull() ? null : Duration.ofMillis(millis);
			Row row = new Row(result.getString(1), result.getString(2), MigrationTarget.valueOf(result.getString(3)),
					result.getString(4), result.getString(5), result.getString(6), result.getString(7),
					result.getInt(8), result.getString(9), duration,
					result.getTimestamp(11));
			rows.put(row.tenantId() + "/" + row.module() + "/" + row.target(), row);
		});
		return rows;
	}

	/**
	 * Write results, one round trip.
	 * @param updates the results
	 */
	public void write(Collection<Update> updates) {
		if (updates.isEmpty()) {
			return;
		}
		String sql = "INSERT INTO " + this.table + " AS s (tenant, module, target, schema_name, fingerprint, status,"
				+ " last_changeset, pending_count, last_error, duration_ms, updated_at)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
				+ " ON CONFLICT (tenant, module, target) DO UPDATE SET schema_name = EXCLUDED.schema_name,"
				// A failure keeps what is known of the last good state.
				+ " fingerprint = CASE WHEN EXCLUDED.status = 'FAILED' THEN s.fingerprint ELSE EXCLUDED.fingerprint END,"
				+ " status = EXCLUDED.status,"
				+ " last_changeset = COALESCE(EXCLUDED.last_changeset, s.last_changeset),"
				+ " pending_count = CASE WHEN EXCLUDED.status = 'FAILED' THEN s.pending_count ELSE EXCLUDED.pending_count END,"
				+ " last_error = EXCLUDED.last_error, duration_ms = EXCLUDED.duration_ms, updated_at = now()";
		// One order for every writer: two runners upserting overlapping rows in one batch each
		// would otherwise lock them in different orders and deadlock.
		List<Update> ordered = new ArrayList<>(updates);
		ordered.sort(Comparator.comparing((Update update) -> tenantKey(update.unit()))
			.thenComparing((update) -> update.unit().module())
			.thenComparing((update) -> update.unit().target()));
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (Update update : ordered) {
				statement.setString(1, tenantKey(update.unit()));
				statement.setString(2, update.unit().module());
				statement.setString(3, update.unit().target().name());
				statement.setString(4, update.unit().schema());
				statement.setString(5, update.fingerprint());
				statement.setString(6, update.status());
				statement.setString(7, update.lastChangeSet());
				statement.setInt(8, update.pending());
				statement.setString(9, update.lastError());
				if (update.duration() != null) {
					statement.setLong(10, update.duration().toMillis());
				}
				else {
					statement.setNull(10, Types.BIGINT);
				}
				statement.addBatch();
			}
			statement.executeBatch();
		}
		catch (SQLException ex) {
			throw new MigrationInitException("Could not write the migration state to " + this.table + ": "
					+ ex.getMessage() + "; is the tenant registry's schema initialized?", ex, null, null, null);
		}
	}

	/**
	 * The key of a unit in {@link #read}'s result.
	 * @param unit the unit
	 * @return the key
	 */
	public static String key(MigrationUnit unit) {
		return tenantKey(unit) + "/" + unit.module() + "/" + unit.target();
	}

	private static String tenantKey(MigrationUnit unit) {
		return (unit.tenant() != null) ? unit.tenant().value() : NO_TENANT;
	}

	private static Array textArray(Connection connection, List<? extends @Nullable String> values) throws SQLException {
		return connection.createArrayOf("text", values.toArray());
	}

	private void query(String sql, Binder binder, RowReader reader) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			binder.bind(statement);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					reader.read(result);
				}
			}
		}
		catch (SQLException ex) {
			throw new MigrationInitException("Could not read the tenants or the migration state (" + this.table + ", "
					+ this.registry + "): " + ex.getMessage() + "; is the tenant registry's schema initialized?", ex,
					null, null, null);
		}
	}

	@FunctionalInterface
	private interface Binder {

		void bind(PreparedStatement statement) throws SQLException;

	}

	@FunctionalInterface
	private interface RowReader {

		void read(ResultSet result) throws SQLException;

	}

	/**
	 * A state row.
	 *
	 * @param tenantId the tenant, {@code ''} for none
	 * @param module the module
	 * @param target the part
	 * @param schema the schema
	 * @param fingerprint the fingerprint the unit was last brought to
	 * @param status {@code UP_TO_DATE}, {@code PENDING} or {@code FAILED}
	 * @param lastChangeSet the last applied changeset ({@code path::id::author})
	 * @param pending how many changesets were left when last visited
	 * @param lastError the last failure
	 * @param duration how long the last visit took
	 * @param updatedAt when the row was written
	 */
	public record Row(String tenantId, String module, MigrationTarget target, String schema,
			@Nullable String fingerprint, String status, @Nullable String lastChangeSet, int pending,
			@Nullable String lastError, @Nullable Duration duration, Timestamp updatedAt) {
	}

	/**
	 * A result to write.
	 *
	 * @param unit the unit
	 * @param fingerprint the fingerprint it was brought to ({@code null} when unknown)
	 * @param status {@code UP_TO_DATE}, {@code PENDING} or {@code FAILED}
	 * @param lastChangeSet the last applied changeset, or {@code null} to keep the recorded one
	 * @param pending how many changesets are left
	 * @param lastError the failure, or {@code null}
	 * @param duration how long the visit took
	 */
	public record Update(MigrationUnit unit, @Nullable String fingerprint, String status, @Nullable String lastChangeSet,
			int pending, @Nullable String lastError, @Nullable Duration duration) {
	}

}
