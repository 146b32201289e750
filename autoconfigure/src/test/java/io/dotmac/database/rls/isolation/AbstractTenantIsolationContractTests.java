package io.dotmac.database.rls.isolation;

import java.sql.PreparedStatement;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.embedded.test.TestDatabase;
import io.dotmac.database.rls.TenantMismatchException;
import io.dotmac.database.rls.isolation.IsolationStrategy.StoredNote;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The tenant isolation contract: what any isolation strategy must guarantee to an
 * application that uses JPA, Spring Data, {@code JdbcTemplate} and native SQL without
 * ever naming a tenant in a query. A subclass supplies the {@link IsolationStrategy}
 * (Row-Level Security in transaction or session mode, as the owner or the application
 * role, with or without a read replica; schema per tenant, with or without tenant roles)
 * and inherits every test.
 * <p>
 * The application is a real Spring Boot context on a real PostgreSQL database. Rows are
 * seeded and checked past isolation through the strategy, so that what a test reads
 * through the application is decided by the isolation alone. Tenants 0 to 3 are for the
 * single-threaded tests, the others for the concurrent stress test, which writes.
 */
@DotmacTestServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractTenantIsolationContractTests {

	protected static final List<TenantId> TENANTS = IntStream.range(0, 12)
		.mapToObj((i) -> TenantId.of(String.format("tenant-%02d", i)))
		.toList();

	protected static final TenantId A = TENANTS.get(0);

	protected static final TenantId B = TENANTS.get(1);

	protected static final TenantId C = TENANTS.get(2);

	private static final int NOTES_PER_TENANT = 3;

	protected IsolationStrategy strategy;

	protected ConfigurableApplicationContext context;

	protected NoteRepository notes;

	protected EntityManager entityManager;

	protected JdbcTemplate jdbc;

	protected TransactionTemplate transaction;

	protected TransactionTemplate readOnlyTransaction;

	protected final Map<TenantId, List<UUID>> seeded = new LinkedHashMap<>();

	/**
	 * The strategy under test, new for each test class.
	 * @return the strategy
	 */
	protected abstract IsolationStrategy createStrategy();

	@BeforeAll
	void startApplication(TestDatabase database) {
		this.strategy = createStrategy();
		this.strategy.prepare(database, TENANTS);
		for (TenantId tenant : TENANTS) {
			List<UUID> ids = new ArrayList<>();
			for (int i = 0; i < NOTES_PER_TENANT; i++) {
				UUID id = UUID.randomUUID();
				this.strategy.insert(tenant, id, tenant.value() + " note " + i);
				ids.add(id);
			}
			this.seeded.put(tenant, ids);
		}
		this.context = new SpringApplicationBuilder(IsolationTestApplication.class).web(WebApplicationType.NONE)
			.properties(this.strategy.applicationProperties())
			.run();
		this.notes = this.context.getBean(NoteRepository.class);
		this.entityManager = SharedEntityManagerCreator
			.createSharedEntityManager(this.context.getBean(EntityManagerFactory.class));
		this.jdbc = this.context.getBean(JdbcTemplate.class);
		PlatformTransactionManager transactionManager = this.context.getBean(PlatformTransactionManager.class);
		this.transaction = new TransactionTemplate(transactionManager);
		this.readOnlyTransaction = new TransactionTemplate(transactionManager);
		this.readOnlyTransaction.setReadOnly(true);
	}

	@AfterAll
	void stopApplication() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.strategy != null) {
			this.strategy.close();
		}
	}

	// --- reads ---

	@Test
	void jpaQueriesReadOnlyTheTenantsNotes() {
		List<Note> inTransaction = as(A, () -> this.transaction
			.execute((status) -> this.entityManager.createQuery("SELECT n FROM Note n", Note.class).getResultList()));
		assertOnlySeeded(A, tenantsOf(inTransaction), inTransaction.size());
		List<Note> outside = as(B,
				() -> this.entityManager.createQuery("SELECT n FROM Note n", Note.class).getResultList());
		assertOnlySeeded(B, tenantsOf(outside), outside.size());
	}

	@Test
	void jpaCannotFindAnotherTenantsNoteById() {
		UUID othersNote = this.seeded.get(B).get(0);
		Note asA = as(A, () -> this.transaction.execute((status) -> this.entityManager.find(Note.class, othersNote)));
		Note asB = as(B, () -> this.transaction.execute((status) -> this.entityManager.find(Note.class, othersNote)));
		assertThat(asA).isNull();
		assertThat(asB).isNotNull();
	}

	@Test
	void repositoriesReadOnlyTheTenantsNotes() {
		List<Note> all = as(A, () -> this.notes.findAll());
		assertOnlySeeded(A, tenantsOf(all), all.size());
		assertThat(as(A, () -> this.notes.count())).isEqualTo(NOTES_PER_TENANT);
		assertThat(as(A, () -> this.notes.findByTitleStartingWith(""))).extracting(Note::getTenantId)
			.containsOnly(A.value())
			.hasSize(NOTES_PER_TENANT);
		assertThat(as(A, () -> this.notes.findById(this.seeded.get(B).get(0)))).isEmpty();
		assertThat(as(A, () -> this.notes.existsById(this.seeded.get(C).get(1)))).isFalse();
		assertThat(as(A, () -> this.notes.findAllById(this.seeded.get(B)))).isEmpty();
	}

	@Test
	void nativeQueriesReadOnlyTheTenantsNotes() {
		List<Note> viaRepository = as(C, () -> this.notes.findAllNative());
		assertOnlySeeded(C, tenantsOf(viaRepository), viaRepository.size());
		List<Object> viaEntityManager = as(C, () -> this.transaction.execute((status) -> List.copyOf(this.entityManager
			.createNativeQuery("SELECT tenant_id FROM notes WHERE title LIKE '%note%'")
			.getResultList())));
		assertThat(viaEntityManager).containsOnly((Object) C.value()).hasSize(NOTES_PER_TENANT);
	}

	@Test
	void jdbcTemplateReadsOnlyTheTenantsNotes() {
		String sql = "SELECT tenant_id FROM notes";
		List<String> inTransaction = as(A,
				() -> this.transaction.execute((status) -> this.jdbc.queryForList(sql, String.class)));
		assertOnlySeeded(A, inTransaction, inTransaction.size());
		List<String> autoCommit = as(B, () -> this.jdbc.queryForList(sql, String.class));
		assertOnlySeeded(B, autoCommit, autoCommit.size());
		assertThat(as(A, () -> this.jdbc.queryForObject("SELECT count(*) FROM notes WHERE tenant_id = ?",
				Integer.class, B.value())))
			.isZero();
	}

	@Test
	void readOnlyTransactionsReadOnlyTheTenantsNotes() {
		List<Note> viaRepository = as(B, () -> this.readOnlyTransaction.execute((status) -> this.notes.findAll()));
		assertOnlySeeded(B, tenantsOf(viaRepository), viaRepository.size());
		List<String> viaJdbc = as(B, () -> this.readOnlyTransaction
			.execute((status) -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class)));
		assertOnlySeeded(B, viaJdbc, viaJdbc.size());
	}

	// --- no tenant ---

	@Test
	void withoutATenantNothingIsVisible() {
		assertNothingWithoutTenant(() -> this.notes.findAll());
		assertNothingWithoutTenant(() -> this.notes.count());
		assertNothingWithoutTenant(() -> this.notes.findAllNative());
		assertNothingWithoutTenant(() -> this.notes.findById(this.seeded.get(A).get(0)));
		assertNothingWithoutTenant(() -> this.jdbc.queryForObject("SELECT count(*) FROM notes", Integer.class));
		assertNothingWithoutTenant(() -> this.transaction
			.execute((status) -> this.jdbc.queryForObject("SELECT count(*) FROM notes", Integer.class)));
		assertNothingWithoutTenant(
				() -> this.entityManager.createQuery("SELECT n FROM Note n", Note.class).getResultList());
	}

	@Test
	void withoutATenantNothingCanBeWritten() {
		UUID id = UUID.randomUUID();
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.jdbc
			.update("INSERT INTO notes (id, tenant_id, title) VALUES (?, ?, 'orphan')", id, A.value()));
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.notes.save(new Note(UUID.randomUUID(), A.value(), "orphan")));
		assertNothingWithoutTenant(() -> this.jdbc.update("UPDATE notes SET title = 'wiped'"));
		assertNothingWithoutTenant(() -> this.jdbc.update("DELETE FROM notes"));
		assertNotesUnchanged();
	}

	// --- writes ---

	@Test
	void updatesCannotReachAnotherTenantsNotes() {
		UUID othersNote = this.seeded.get(B).get(0);
		assertThat(as(A, () -> this.jdbc.update("UPDATE notes SET title = 'hijacked' WHERE id = ?", othersNote)))
			.isZero();
		assertThat(as(A, () -> this.notes.retitle(othersNote, "hijacked"))).isZero();
		Integer nativeUpdated = as(A, () -> this.transaction.execute((status) -> this.entityManager
			.createNativeQuery("UPDATE notes SET title = 'hijacked' WHERE tenant_id <> :tenant")
			.setParameter("tenant", A.value())
			.executeUpdate()));
		assertThat(nativeUpdated).isZero();
		// A blanket update touches the tenant's own rows only.
		assertThat(as(A, () -> this.notes.touchAllNative())).isEqualTo(NOTES_PER_TENANT);
		assertNotesUnchanged();
	}

	@Test
	void deletesCannotReachAnotherTenantsNotes() {
		UUID othersNote = this.seeded.get(B).get(1);
		assertThat(as(A, () -> this.jdbc.update("DELETE FROM notes WHERE id = ?", othersNote))).isZero();
		assertThat(as(A, () -> this.notes.deleteByIdReturningCount(othersNote))).isZero();
		as(A, () -> {
			this.notes.deleteById(othersNote);
			this.notes.deleteAllById(this.seeded.get(C));
			return null;
		});
		// A blanket delete, rolled back, reached the tenant's own rows only.
		Integer deleted = as(A, () -> this.transaction.execute((status) -> {
			status.setRollbackOnly();
			return this.jdbc.update("DELETE FROM notes");
		}));
		assertThat(deleted).isEqualTo(NOTES_PER_TENANT);
		assertNotesUnchanged();
	}

	@Test
	void insertingForAnotherTenantIsRejected() {
		UUID viaJdbc = UUID.randomUUID();
		UUID viaRepository = UUID.randomUUID();
		UUID viaEntityManager = UUID.randomUUID();
		assertThatException().isThrownBy(() -> as(A, () -> this.jdbc
			.update("INSERT INTO notes (id, tenant_id, title) VALUES (?, ?, 'planted')", viaJdbc, B.value())));
		assertThatException()
			.isThrownBy(() -> as(A, () -> this.notes.save(new Note(viaRepository, B.value(), "planted"))));
		assertThatException().isThrownBy(() -> as(A, () -> this.transaction.execute((status) -> {
			this.entityManager.persist(new Note(viaEntityManager, C.value(), "planted"));
			this.entityManager.flush();
			return null;
		})));
		assertThat(this.strategy.allNotes()).extracting(StoredNote::id)
			.doesNotContain(viaJdbc, viaRepository, viaEntityManager);
		assertNotesUnchanged();
	}

	@Test
	void savingOverAnotherTenantsNoteDoesNotReachIt() {
		UUID othersNote = this.seeded.get(B).get(2);
		if (this.strategy.tenantsShareKeys()) {
			// One table: the id is taken, by a row A cannot see.
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> as(A, () -> this.notes.save(new Note(othersNote, A.value(), "stolen"))));
		}
		else {
			// A table per tenant: the id is free in A's table, and the save lands there.
			as(A, () -> this.notes.save(new Note(othersNote, A.value(), "stolen")));
			try {
				assertThat(as(A, () -> this.notes.findById(othersNote))).hasValueSatisfying(
						(note) -> assertThat(note.getTenantId() + " " + note.getTitle()).isEqualTo(A + " stolen"));
				assertThat(as(B, () -> this.notes.findById(othersNote)))
					.hasValueSatisfying((note) -> assertThat(note.getTitle()).isEqualTo(B + " note 2"));
			}
			finally {
				as(A, () -> {
					this.notes.deleteById(othersNote);
					return null;
				});
			}
		}
		assertNotesUnchanged();
	}

	@Test
	void aTenantWritesItsOwnNotes() {
		UUID id = UUID.randomUUID();
		as(C, () -> this.notes.save(new Note(id, C.value(), "written by C")));
		try {
			// Read-write transactions: with a replica, read-only ones would not see the write.
			Optional<Note> asC = as(C, () -> this.transaction.execute((status) -> this.notes.findById(id)));
			Optional<Note> asA = as(A, () -> this.transaction.execute((status) -> this.notes.findById(id)));
			assertThat(asC).hasValueSatisfying((note) -> assertThat(note.getTitle()).isEqualTo("written by C"));
			assertThat(asA).isEmpty();
		}
		finally {
			as(C, () -> {
				this.notes.deleteById(id);
				return null;
			});
		}
		assertNotesUnchanged();
	}

	// --- system scope ---

	@Test
	void theSystemScopeSeesEveryTenantsNotes() {
		if (!this.strategy.systemScopeSeesAllTenants()) {
			// Schema per tenant: the system scope works in the shared schemas only.
			assertNothingWithoutTenant(() -> TenantContext.callAsSystem("contract test",
					() -> this.jdbc.queryForList("SELECT DISTINCT tenant_id FROM notes", String.class)));
			assertNothingWithoutTenant(() -> TenantContext.callAsSystem("contract test", () -> this.notes.count()));
			return;
		}
		Set<String> tenants = TenantContext.callAsSystem("contract test",
				() -> new HashSet<>(this.jdbc.queryForList("SELECT DISTINCT tenant_id FROM notes", String.class)));
		assertThat(tenants).containsAll(TENANTS.stream().map(TenantId::value).toList());
		long count = TenantContext.callAsSystem("contract test", () -> this.notes.count());
		assertThat(count).isGreaterThanOrEqualTo((long) TENANTS.size() * NOTES_PER_TENANT);
	}

	// --- failures, pooling, threads ---

	@Test
	void anExceptionHalfwayRollsBackAndTheNextTenantSeesOnlyItsOwn() {
		UUID id = UUID.randomUUID();
		for (int round = 0; round < 5; round++) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> as(A, () -> this.transaction
				.execute((status) -> {
					this.notes.saveAndFlush(new Note(id, A.value(), "half done"));
					throw new IllegalStateException("injected");
				})));
			List<String> next = as(B, () -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class));
			assertOnlySeeded(B, next, next.size());
			assertThat(as(A, () -> this.notes.findById(id))).isEmpty();
		}
		assertNotesUnchanged();
	}

	@Test
	void changingTheTenantInsideATransactionFailsAndRollsBack() {
		UUID id = UUID.randomUUID();
		assertThatExceptionOfType(TenantMismatchException.class).isThrownBy(() -> as(A, () -> this.transaction
			.execute((status) -> {
				this.notes.saveAndFlush(new Note(id, A.value(), "before the switch"));
				return TenantContext.call(B, () -> this.jdbc.queryForList("SELECT title FROM notes", String.class));
			})));
		assertThat(as(A, () -> this.notes.findById(id))).isEmpty();
	}

	@Test
	void tenantsTakeTurnsOnPooledConnections() {
		for (int i = 0; i < 30; i++) {
			TenantId tenant = TENANTS.get(i % 4);
			List<String> read = (i % 2 == 0) ? as(tenant, () -> tenantsOf(this.notes.findAll()))
					: as(tenant, () -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class));
			assertOnlySeeded(tenant, read, read.size());
			assertNothingWithoutTenant(() -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class));
		}
	}

	@Test
	void anotherThreadSeesATenantOnlyWhenTheContextIsCarriedOver() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			List<String> carried = as(A, () -> {
				Supplier<List<String>> task = () -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class);
				TenantContext.Snapshot snapshot = TenantContext.snapshot();
				return call(executor.submit(snapshot.wrapCallable(task::get)));
			});
			assertOnlySeeded(A, carried, carried.size());
			assertNothingWithoutTenant(() -> as(A, () -> call(executor
				.submit(() -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class)))));
			for (int i = 0; i < 4; i++) {
				// The pooled threads that ran the wrapped task do not keep its tenant.
				assertNothingWithoutTenant(() -> call(executor.submit(() -> this.notes.count())));
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * Many tenants, many threads, a small pool: every kind of access, with injected
	 * failures, rollbacks, nested transactions and attempts to switch tenant mid-way.
	 * Every row any task reads must belong to the task's tenant; tenant-less tasks read
	 * nothing; rolled-back writes leave nothing; committed writes land with their tenant.
	 */
	@Test
	void concurrentStressKeepsEveryTenantToItself() throws Exception {
		List<TenantId> tenants = TENANTS.subList(4, TENANTS.size());
		int tasks = 600;
		ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
		Map<String, AtomicInteger> executed = new ConcurrentHashMap<>();
		Set<UUID> committed = ConcurrentHashMap.newKeySet();
		Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
		AtomicInteger rowsChecked = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		Random seeds = new Random(20240611);
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < tasks; i++) {
			long seed = seeds.nextLong();
			futures.add(executor.submit(() -> {
				Random random = new Random(seed);
				TenantId tenant = tenants.get(random.nextInt(tenants.size()));
				int kind = random.nextInt(10);
				String name = stressTask(kind, tenant, random, violations, committed, rolledBack, rowsChecked);
				executed.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
			}));
		}
		executor.shutdown();
		for (Future<?> future : futures) {
			future.get(5, TimeUnit.MINUTES);
		}
		assertThat(violations).isEmpty();
		assertThat(executed.keySet()).hasSize(10);
		assertThat(rowsChecked.get()).isGreaterThan(tasks);
		Map<UUID, StoredNote> stored = this.strategy.allNotes()
			.stream()
			.collect(Collectors.toMap(StoredNote::id, (note) -> note));
		assertThat(committed).isNotEmpty().allSatisfy((id) -> assertThat(stored).containsKey(id));
		assertThat(rolledBack).isNotEmpty().allSatisfy((id) -> assertThat(stored).doesNotContainKey(id));
		assertThat(stored.values()).allSatisfy((note) -> assertThat(note.title()).startsWith(note.tenantId()));
	}

	private String stressTask(int kind, TenantId tenant, Random random, ConcurrentLinkedQueue<String> violations,
			Set<UUID> committed, Set<UUID> rolledBack, AtomicInteger rowsChecked) {
		RowCheck check = (task, rows) -> {
			if (rows.isEmpty()) {
				violations.add(task + " for " + tenant + " read no rows");
			}
			rows.stream()
				.filter((row) -> !tenant.value().equals(row))
				.forEach((row) -> violations.add(task + " for " + tenant + " read a row of " + row));
			rowsChecked.addAndGet(rows.size());
		};
		switch (kind) {
			case 0 -> {
				check.rows("repository findAll", as(tenant, () -> tenantsOf(this.notes.findAll())));
				return "repository";
			}
			case 1 -> {
				check.rows("jdbc auto-commit", as(tenant,
						() -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class)));
				return "jdbc-auto-commit";
			}
			case 2 -> {
				check.rows("native in transaction", as(tenant, () -> this.transaction.execute((status) -> this.entityManager
					.createNativeQuery("SELECT tenant_id FROM notes")
					.getResultList()
					.stream()
					.map(String::valueOf)
					.toList())));
				return "native";
			}
			case 3 -> {
				UUID id = UUID.randomUUID();
				boolean fail = random.nextBoolean();
				try {
					as(tenant, () -> this.transaction.execute((status) -> {
						this.notes.saveAndFlush(new Note(id, tenant.value(), tenant.value() + " stress"));
						check.rows("read after write", tenantsOf(this.notes.findAll()));
						if (fail) {
							throw new IllegalStateException("injected");
						}
						return null;
					}));
					committed.add(id);
				}
				catch (IllegalStateException ex) {
					rolledBack.add(id);
				}
				return "write";
			}
			case 4 -> {
				String seen = seenWithoutTenant(
						() -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class));
				if (seen != null) {
					violations.add("tenant-less read: " + seen);
				}
				return "no-tenant";
			}
			case 5 -> {
				if (!this.strategy.systemScopeSeesAllTenants()) {
					String seen = seenWithoutTenant(() -> TenantContext.callAsSystem("stress",
							() -> this.jdbc.queryForList("SELECT DISTINCT tenant_id FROM notes", String.class)));
					if (seen != null) {
						violations.add("system scope read: " + seen);
					}
					return "system";
				}
				List<String> all = TenantContext.callAsSystem("stress",
						() -> this.jdbc.queryForList("SELECT DISTINCT tenant_id FROM notes", String.class));
				if (all.size() < TENANTS.size()) {
					violations.add("system scope saw only " + all.size() + " tenants");
				}
				return "system";
			}
			case 6 -> {
				check.rows("read-only", as(tenant, () -> this.readOnlyTransaction
					.execute((status) -> this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class))));
				return "read-only";
			}
			case 7 -> {
				// Hibernate's JPA dialect has no savepoints; take them on the transaction's
				// JDBC connection, which JdbcTemplate shares with JPA.
				UUID id = UUID.randomUUID();
				boolean savepointFirst = random.nextBoolean();
				as(tenant, () -> this.transaction.execute((outer) -> {
					if (!savepointFirst) {
						check.rows("before savepoint", tenantsOf(this.notes.findAll()));
					}
					this.jdbc.execute((ConnectionCallback<Object>) (connection) -> {
						Savepoint savepoint = connection.setSavepoint();
						try (PreparedStatement insert = connection
							.prepareStatement("INSERT INTO notes (id, tenant_id, title) VALUES (?, ?, ?)")) {
							insert.setObject(1, id);
							insert.setString(2, tenant.value());
							insert.setString(3, tenant.value() + " savepoint");
							insert.executeUpdate();
						}
						connection.rollback(savepoint);
						return null;
					});
					check.rows("after rollback to savepoint",
							this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class));
					return null;
				}));
				rolledBack.add(id);
				return "savepoint";
			}
			case 8 -> {
				TenantId other = TENANTS.get(random.nextInt(TENANTS.size()));
				if (other.equals(tenant)) {
					other = A;
				}
				TenantId intruder = other;
				try {
					as(tenant, () -> this.transaction.execute((status) -> {
						check.rows("before switch", this.jdbc.queryForList("SELECT tenant_id FROM notes", String.class));
						return TenantContext.call(intruder, () -> this.notes.findAll());
					}));
					violations.add("switching from " + tenant + " to " + intruder + " inside a transaction was allowed");
				}
				catch (TenantMismatchException expected) {
					// refused
				}
				return "switch";
			}
			default -> {
				check.rows("jpql outside a transaction", as(tenant, () -> tenantsOf(this.entityManager
					.createQuery("SELECT n FROM Note n", Note.class)
					.getResultList())));
				return "jpql";
			}
		}
	}

	@FunctionalInterface
	private interface RowCheck {

		void rows(String task, List<String> tenantsOfRows);

	}

	// --- helpers ---

	/**
	 * Work without a tenant sees no tenant data: with a shared table it reads nothing and
	 * changes nothing; when tenant tables exist only in tenants' schemas, the table is not
	 * even found.
	 */
	protected void assertNothingWithoutTenant(Supplier<?> work) {
		assertThat(seenWithoutTenant(work)).isNull();
	}

	/** What tenant-less work saw that it should not have, or null. */
	private String seenWithoutTenant(Supplier<?> work) {
		Object result;
		try {
			result = work.get();
		}
		catch (RuntimeException ex) {
			if (this.strategy.tenantTablesHiddenWithoutTenant() && mentions(ex, "does not exist")) {
				return null;
			}
			return "failed: " + ex;
		}
		if (this.strategy.tenantTablesHiddenWithoutTenant()) {
			return "found the tenant table and got " + result;
		}
		boolean nothing = (result instanceof java.util.Collection<?> collection) ? collection.isEmpty()
				: (result instanceof Optional<?> optional) ? optional.isEmpty()
						: (result instanceof Number number) && number.longValue() == 0;
		return nothing ? null : "got " + result;
	}

	private static boolean mentions(Throwable ex, String text) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains(text)) {
				return true;
			}
		}
		return false;
	}

	protected static <T> T as(TenantId tenant, Supplier<T> work) {
		return TenantContext.call(tenant, work);
	}

	protected static List<String> tenantsOf(List<Note> notes) {
		return notes.stream().map(Note::getTenantId).toList();
	}

	/** Exactly the seeded notes of the tenant, and nothing of anyone else. */
	protected void assertOnlySeeded(TenantId tenant, List<String> tenantsOfRows, int size) {
		assertThat(tenantsOfRows).containsOnly(tenant.value());
		assertThat(size).isEqualTo(NOTES_PER_TENANT);
	}

	/** The seeded notes of the single-threaded tenants are all there, with their titles. */
	protected void assertNotesUnchanged() {
		Map<UUID, StoredNote> stored = this.strategy.allNotes()
			.stream()
			.collect(Collectors.toMap(StoredNote::id, (note) -> note));
		for (TenantId tenant : TENANTS.subList(0, 4)) {
			List<UUID> ids = this.seeded.get(tenant);
			for (int i = 0; i < ids.size(); i++) {
				StoredNote note = stored.get(ids.get(i));
				assertThat(note).as("note %d of %s", i, tenant).isNotNull();
				assertThat(note.tenantId()).isEqualTo(tenant.value());
				assertThat(note.title()).isEqualTo(tenant.value() + " note " + i);
			}
		}
		assertThat(stored.values().stream().filter((note) -> TENANTS.subList(0, 4)
			.stream()
			.anyMatch((tenant) -> tenant.value().equals(note.tenantId())))).hasSize(4 * NOTES_PER_TENANT);
	}

	private static <T> T call(Future<T> future) {
		try {
			return future.get(1, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
