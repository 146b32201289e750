package io.dotmac.database.rls.isolation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import io.dotmac.database.embedded.PostgresServer;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.embedded.test.TestServers;
import io.dotmac.database.rls.RlsMode;
import io.dotmac.database.rls.RlsPolicyManager;
import io.dotmac.database.rls.RlsSettings;
import io.dotmac.database.rls.TenantTable;
import io.dotmac.database.tenant.TenantId;

/**
 * Row-Level Security as an {@link IsolationStrategy}: one shared {@code notes} table put
 * under isolation by {@link RlsPolicyManager}, a system role of the test's own, and the
 * application connected as the application role (not owner, no BYPASSRLS) or, to prove
 * FORCE, as the owner. With a replica, a second database gets the same table with the
 * same rows marked {@code origin = 'replica'}, and the application's read-only
 * transactions go there.
 */
class RlsIsolationStrategy implements IsolationStrategy {

	private final RlsMode mode;

	private final boolean asOwner;

	private final boolean withReplica;

	private TestDatabase database;

	private TestDatabase replica;

	private String systemRole;

	RlsIsolationStrategy(RlsMode mode, boolean asOwner, boolean withReplica) {
		this.mode = mode;
		this.asOwner = asOwner;
		this.withReplica = withReplica;
	}

	@Override
	public void prepare(TestDatabase database, List<TenantId> tenants) {
		this.database = database;
		this.systemRole = database.name() + "_sys";
		RlsSettings settings = RlsSettings.defaults().withSystemRole(this.systemRole);
		new RlsPolicyManager(admin(database), settings).createSystemRole(database.appUsername(),
				database.ownerUsername());
		createNotes(database, settings, "primary");
		if (this.withReplica) {
			this.replica = TestDatabase.create();
			new RlsPolicyManager(admin(this.replica), settings).createSystemRole(this.replica.appUsername());
			createNotes(this.replica, settings, "replica");
		}
	}

	private static void createNotes(TestDatabase database, RlsSettings settings, String origin) {
		JdbcTemplate owner = new JdbcTemplate(database.ownerDataSource());
		owner.execute("CREATE TABLE notes (id uuid PRIMARY KEY, tenant_id varchar(48) NOT NULL, title text NOT NULL, "
				+ "origin text NOT NULL DEFAULT '" + origin + "')");
		new RlsPolicyManager(database.ownerDataSource(), settings)
			.enableTenantRls(TenantTable.of("notes").withIndex("title"));
		owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO " + database.appUsername());
	}

	@Override
	public Map<String, Object> applicationProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", this.database.jdbcUrl());
		properties.put("spring.datasource.username",
				this.asOwner ? this.database.ownerUsername() : this.database.appUsername());
		properties.put("spring.datasource.password",
				this.asOwner ? this.database.ownerPassword() : this.database.appPassword());
		// A small pool, so that tenants keep taking turns on the same connections.
		properties.put("spring.datasource.hikari.maximum-pool-size", 4);
		properties.put("spring.jpa.hibernate.ddl-auto", "none");
		properties.put("spring.jpa.open-in-view", false);
		properties.put("dotmac.database.rls.mode", this.mode.name().toLowerCase());
		properties.put("dotmac.database.rls.system-role", this.systemRole);
		if (this.replica != null) {
			properties.put("dotmac.database.replica.url", this.replica.jdbcUrl());
			properties.put("dotmac.database.replica.username", this.replica.appUsername());
			properties.put("dotmac.database.replica.password", this.replica.appPassword());
			properties.put("dotmac.database.replica.maximum-pool-size", 4);
		}
		return properties;
	}

	@Override
	public void insert(TenantId tenant, UUID id, String title) {
		insert(this.database, tenant, id, title);
		if (this.replica != null) {
			insert(this.replica, tenant, id, title);
		}
	}

	private static void insert(TestDatabase database, TenantId tenant, UUID id, String title) {
		try (Connection connection = admin(database).getConnection();
				PreparedStatement insert = connection
					.prepareStatement("INSERT INTO notes (id, tenant_id, title) VALUES (?, ?, ?)")) {
			insert.setObject(1, id);
			insert.setString(2, tenant.value());
			insert.setString(3, title);
			insert.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public List<StoredNote> allNotes() {
		return new ArrayList<>(new JdbcTemplate(admin(this.database)).query("SELECT id, tenant_id, title FROM notes",
				(row, i) -> new StoredNote(row.getObject(1, UUID.class), row.getString(2), row.getString(3))));
	}

	/** The replica's notes, past isolation. */
	TestDatabase replica() {
		return this.replica;
	}

	@Override
	public void close() {
		dropSystemRole(this.database);
		if (this.replica != null) {
			dropSystemRole(this.replica);
			this.replica.close();
		}
		if (this.systemRole != null) {
			new JdbcTemplate(admin(this.database)).execute("DROP ROLE IF EXISTS " + this.systemRole);
		}
	}

	private void dropSystemRole(TestDatabase database) {
		if (database != null && this.systemRole != null) {
			new JdbcTemplate(admin(database)).execute("DROP OWNED BY " + this.systemRole);
		}
	}

	static DataSource admin(TestDatabase database) {
		PostgresServer server = TestServers.postgres();
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(database.jdbcUrl());
		dataSource.setUser(server.adminUsername());
		dataSource.setPassword(server.adminPassword());
		return dataSource;
	}

}
