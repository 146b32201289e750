package io.dotmac.database.entity;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.entity.model.Article;
import io.dotmac.database.entity.model.ArticleRepository;
import io.dotmac.database.entity.model.Customer;
import io.dotmac.database.entity.model.CustomerRepository;
import io.dotmac.database.entity.model.EntityTestApplication;
import io.dotmac.database.entity.model.Invoice;
import io.dotmac.database.entity.model.InvoiceRepository;
import io.dotmac.database.entity.model.MisusedSoftDeleteRepository;
import io.dotmac.database.entity.model.Note;
import io.dotmac.database.entity.model.NoteRepository;
import io.dotmac.database.entity.model.Plan;
import io.dotmac.database.entity.model.Ticket;
import io.dotmac.database.entity.model.TicketRepository;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Soft delete through Spring Data repositories against real PostgreSQL: the repository's
 * deletes mark rows, default queries skip them, the explicit paths reach them, restore and
 * purge work, and the partial unique index frees a deleted customer's email. The tenant
 * tables are under Row-Level Security and the connection hook is on, as in an
 * application; each test works for a bound tenant. Rows are checked with plain JDBC in the
 * system scope, which neither the soft-delete filter nor the tenant policy narrows.
 */
@DotmacTestServers
@SpringBootTest(classes = EntityTestApplication.class,
		properties = { "spring.liquibase.change-log=classpath:db/entity/changelog.yaml",
				"spring.jpa.hibernate.ddl-auto=validate" })
@ContextConfiguration(initializers = EntityTestSystemRole.class)
class SoftDeleteRepositoryIntegrationTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	@Autowired
	private CustomerRepository customers;

	@Autowired
	private InvoiceRepository invoices;

	@Autowired
	private NoteRepository notes;

	@Autowired
	private ArticleRepository articles;

	@Autowired
	private TicketRepository tickets;

	@Autowired
	private MisusedSoftDeleteRepository misused;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate transaction;

	@PersistenceContext
	private EntityManager entityManager;

	private TenantContext.Scope tenant;

	@BeforeEach
	void bindTenantAndClean() {
		asSystem(() -> {
			this.jdbc.update("DELETE FROM invoices");
			return this.jdbc.update("DELETE FROM customers");
		});
		this.tenant = TenantContext.bind(ACME);
	}

	@AfterEach
	void unbind() {
		this.tenant.close();
		SecurityContextHolder.clearContext();
	}

	private Customer customer(String name) {
		return this.customers.save(new Customer(name, name.toLowerCase() + "@example.com"));
	}

	private Map<String, Object> row(Customer customer) {
		return asSystem(() -> this.jdbc.queryForMap(
				"SELECT deleted_at, is_active, version, updated_by FROM customers WHERE id = ?", customer.getId()));
	}

	private void assertMarkedDeleted(Customer customer) {
		Map<String, Object> row = row(customer);
		assertThat(row.get("deleted_at")).isNotNull();
		assertThat(row).containsEntry("is_active", false);
	}

	private void assertLive(Customer customer) {
		assertThat(row(customer)).containsEntry("deleted_at", null).containsEntry("is_active", true);
	}

	@Nested
	class Deleting {

		@Test
		void deleteMarksTheRowAndKeepsIt() {
			Customer ann = customer("Ann");
			Customer deleter = Auditors.as("support-agent", () -> {
				SoftDeleteRepositoryIntegrationTests.this.customers.delete(ann);
				return ann;
			});
			Map<String, Object> row = row(deleter);
			assertThat(row.get("deleted_at")).isNotNull();
			assertThat(row).containsEntry("is_active", false)
				.containsEntry("version", 1L)
				.containsEntry("updated_by", "support-agent");
		}

		@Test
		void deleteOfAManagedEntityKeepsItsDeletionTime() {
			Customer bea = customer("Bea");
			Customer deleted = SoftDeleteRepositoryIntegrationTests.this.transaction.execute((status) -> {
				Customer managed = SoftDeleteRepositoryIntegrationTests.this.customers.findById(bea.getId())
					.orElseThrow();
				SoftDeleteRepositoryIntegrationTests.this.customers.delete(managed);
				return managed;
			});
			assertThat(deleted.isDeleted()).isTrue();
			assertThat(deleted.isActive()).isFalse();
			assertThat(((Timestamp) row(bea).get("deleted_at")).toInstant()).isEqualTo(deleted.getDeletedAt());
		}

		@Test
		void deleteByIdMarksTheRow() {
			Customer cid = customer("Cid");
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteById(cid.getId());
			assertMarkedDeleted(cid);
		}

		@Test
		void deleteByIdOfAnUnknownIdDoesNothing() {
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteById(UUID.randomUUID());
		}

		@Test
		void deletingTwiceKeepsTheFirstDeletionTime() {
			Customer dee = customer("Dee");
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteById(dee.getId());
			Object first = row(dee).get("deleted_at");
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteById(dee.getId());
			assertThat(row(dee).get("deleted_at")).isEqualTo(first);
			assertThat(row(dee)).containsEntry("version", 1L);
		}

		@Test
		void deleteAllVariantsMarkRows() {
			Customer a = customer("A1");
			Customer b = customer("B1");
			Customer c = customer("C1");
			Customer d = customer("D1");
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteAll(List.of(a));
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteAllById(List.of(b.getId()));
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteAll();
			for (Customer customer : List.of(a, b, c, d)) {
				assertMarkedDeleted(customer);
			}
			assertThat(count("customers")).isEqualTo(4);
		}

		@Test
		void batchDeletesMarkRowsWithOneUpdate() {
			Customer a = customer("A2");
			Customer b = customer("B2");
			Customer c = customer("C2");
			Customer d = customer("D2");
			Customer e = customer("E2");
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteAllInBatch(List.of(a));
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteInBatch(List.of(b));
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteAllByIdInBatch(List.of(c.getId()));
			assertMarkedDeleted(a);
			assertMarkedDeleted(b);
			assertMarkedDeleted(c);
			assertLive(d);
			assertThat(row(a)).containsEntry("version", 1L);
			SoftDeleteRepositoryIntegrationTests.this.customers.deleteAllInBatch();
			assertMarkedDeleted(d);
			assertMarkedDeleted(e);
			assertThat(count("customers")).isEqualTo(5);
		}

		@Test
		void deleteOfAStaleCopyFailsTheVersionCheck() {
			Customer eve = customer("Eve");
			Customer loaded = SoftDeleteRepositoryIntegrationTests.this.customers.findById(eve.getId()).orElseThrow();
			loaded.setName("Eve renamed");
			SoftDeleteRepositoryIntegrationTests.this.customers.save(loaded);
			assertThatExceptionOfType(ObjectOptimisticLockingFailureException.class)
				.isThrownBy(() -> SoftDeleteRepositoryIntegrationTests.this.customers.delete(eve));
			assertLive(eve);
		}

		@Test
		void entityManagerRemoveIsRefused() {
			Customer fay = customer("Fay");
			assertThatExceptionOfType(HardDeleteRefusedException.class)
				.isThrownBy(() -> SoftDeleteRepositoryIntegrationTests.this.transaction.executeWithoutResult(
						(status) -> SoftDeleteRepositoryIntegrationTests.this.entityManager.remove(
								SoftDeleteRepositoryIntegrationTests.this.entityManager.find(Customer.class,
										fay.getId()))))
				.withMessageContaining("Customer is soft-deletable");
			assertLive(fay);

			Note note = SoftDeleteRepositoryIntegrationTests.this.notes.save(new Note("keep me"));
			assertThatExceptionOfType(HardDeleteRefusedException.class)
				.isThrownBy(() -> SoftDeleteRepositoryIntegrationTests.this.transaction.executeWithoutResult(
						(status) -> SoftDeleteRepositoryIntegrationTests.this.entityManager.remove(
								SoftDeleteRepositoryIntegrationTests.this.entityManager.find(Note.class,
										note.getId()))))
				.withMessageContaining("Note is soft-deletable");
			assertThat(SoftDeleteRepositoryIntegrationTests.this.notes.findById(note.getId())).isPresent();
		}

		@Test
		void derivedDeleteQueryIsRefused() {
			Customer gus = customer("Gus");
			assertThatExceptionOfType(HardDeleteRefusedException.class)
				.isThrownBy(() -> SoftDeleteRepositoryIntegrationTests.this.transaction.execute(
						(status) -> SoftDeleteRepositoryIntegrationTests.this.customers.deleteByEmail(gus.getEmail())));
			assertLive(gus);
		}

		@Test
		void everySoftDeleteBaseClassIsSoftDeleted() {
			TenantContext.run(GLOBEX, () -> {
				Note note = SoftDeleteRepositoryIntegrationTests.this.notes.save(new Note("remember"));
				Article article = SoftDeleteRepositoryIntegrationTests.this.articles.save(new Article("headline"));
				Ticket ticket = SoftDeleteRepositoryIntegrationTests.this.tickets.save(new Ticket("no signal"));
				SoftDeleteRepositoryIntegrationTests.this.notes.delete(note);
				SoftDeleteRepositoryIntegrationTests.this.articles.deleteById(article.getId());
				SoftDeleteRepositoryIntegrationTests.this.tickets.deleteAll();
				for (String table : List.of("notes", "articles", "tickets")) {
					assertThat(SoftDeleteRepositoryIntegrationTests.this.jdbc
						.queryForObject("SELECT count(*) FROM " + table + " WHERE deleted_at IS NOT NULL AND NOT is_active",
								Integer.class))
						.as(table)
						.isOne();
				}
				assertThat(SoftDeleteRepositoryIntegrationTests.this.notes.findAll()).isEmpty();
				assertThat(SoftDeleteRepositoryIntegrationTests.this.articles.findById(article.getId())).isEmpty();
				assertThat(SoftDeleteRepositoryIntegrationTests.this.tickets.count()).isZero();
				assertThat(SoftDeleteRepositoryIntegrationTests.this.tickets.findAllDeleted()).hasSize(1);
			});
		}

		@Test
		void softDeleteRepositoryOfAnEntityThatIsNotSoftDeletableIsReported() {
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> SoftDeleteRepositoryIntegrationTests.this.misused.deleteById(UUID.randomUUID()))
				.withMessageContaining(Plan.class.getName() + " is not SoftDeletable");
		}

	}

	@Nested
	class Reading {

		private Customer live;

		private Customer deleted;

		@BeforeEach
		void liveAndDeleted() {
			this.live = customer("Liv");
			this.deleted = customer("Lars");
			SoftDeleteRepositoryIntegrationTests.this.customers.delete(this.deleted);
		}

		@Test
		void crudMethodsSeeLiveRowsOnly() {
			CustomerRepository repository = SoftDeleteRepositoryIntegrationTests.this.customers;
			assertThat(repository.findById(this.deleted.getId())).isEmpty();
			assertThat(repository.findById(this.live.getId())).contains(this.live);
			assertThat(repository.existsById(this.deleted.getId())).isFalse();
			assertThat(repository.findAll()).containsExactly(this.live);
			assertThat(repository.findAll(Sort.by("name"))).containsExactly(this.live);
			assertThat(repository.findAllById(List.of(this.live.getId(), this.deleted.getId())))
				.containsExactly(this.live);
			assertThat(repository.count()).isOne();
			Page<Customer> page = repository.findAll(PageRequest.of(0, 10));
			assertThat(page.getContent()).containsExactly(this.live);
			assertThat(page.getTotalElements()).isOne();
		}

		@Test
		void derivedAndJpqlQueriesSeeLiveRowsOnly() {
			CustomerRepository repository = SoftDeleteRepositoryIntegrationTests.this.customers;
			assertThat(repository.findByEmail(this.deleted.getEmail())).isEmpty();
			assertThat(repository.findByNameStartingWith("L")).containsExactly(this.live);
			assertThat(repository.countByName("Lars")).isZero();
			assertThat(repository.existsByEmail(this.deleted.getEmail())).isFalse();
			assertThat(repository.findByEmailIgnoringCase(this.deleted.getEmail().toUpperCase())).isEmpty();
			assertThat(SoftDeleteRepositoryIntegrationTests.this.entityManager
				.createQuery("select c from Customer c", Customer.class)
				.getResultList()).containsExactly(this.live);
		}

		@Test
		void specificationsAndExamplesSeeLiveRowsOnly() {
			CustomerRepository repository = SoftDeleteRepositoryIntegrationTests.this.customers;
			Specification<Customer> named = (root, query, builder) -> builder.equal(root.get("name"), "Lars");
			assertThat(repository.findAll(named)).isEmpty();
			assertThat(repository.findAll(Example.of(new Customer("Lars", this.deleted.getEmail())))).isEmpty();
		}

		@Test
		void nativeQueriesAreNotFiltered() {
			assertThat(SoftDeleteRepositoryIntegrationTests.this.customers.findByEmailNatively(this.deleted.getEmail()))
				.singleElement()
				.satisfies((customer) -> assertThat(customer.isDeleted()).isTrue());
		}

		@Test
		void explicitPathsReachDeletedRows() {
			CustomerRepository repository = SoftDeleteRepositoryIntegrationTests.this.customers;
			assertThat(repository.findByIdIncludingDeleted(this.deleted.getId())).hasValueSatisfying((customer) -> {
				assertThat(customer.isDeleted()).isTrue();
				assertThat(customer.isActive()).isFalse();
			});
			assertThat(repository.findAllIncludingDeleted()).containsExactlyInAnyOrder(this.live, this.deleted);
			assertThat(repository.findAllDeleted()).containsExactly(this.deleted);
			assertThat(repository.includingDeleted(() -> repository.findByEmail(this.deleted.getEmail())))
				.contains(this.deleted);
			assertThat(repository.includingDeleted(() -> repository.findById(this.deleted.getId())))
				.contains(this.deleted);
			long all = repository.includingDeleted(repository::count);
			assertThat(all).isEqualTo(2);
		}

		@Test
		void filterIsBackAfterTheIncludingBlockAlsoWhenItFails() {
			CustomerRepository repository = SoftDeleteRepositoryIntegrationTests.this.customers;
			SoftDeleteRepositoryIntegrationTests.this.transaction.executeWithoutResult((status) -> {
				Supplier<Object> failing = () -> {
					assertThat(repository.count()).isEqualTo(2);
					throw new IllegalStateException("boom");
				};
				assertThatExceptionOfType(IllegalStateException.class)
					.isThrownBy(() -> SoftDeleteFilter.includingDeleted(
							SoftDeleteRepositoryIntegrationTests.this.entityManager, failing));
				assertThat(SoftDeleteFilter.isEnabled(SoftDeleteRepositoryIntegrationTests.this.entityManager))
					.isTrue();
				assertThat(repository.count()).isOne();
				status.setRollbackOnly();
			});
		}

		@Test
		void includingDeletedOutsideATransactionFailsInsteadOfHidingRows() {
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> SoftDeleteFilter.includingDeleted(
						SoftDeleteRepositoryIntegrationTests.this.entityManager, () -> null));
		}

		@Test
		void aLiveRowThatReferencesADeletedOneStaysLoadable() {
			Customer buyer = customer("Buyer");
			Invoice invoice = SoftDeleteRepositoryIntegrationTests.this.invoices.save(new Invoice(buyer, 4200));
			SoftDeleteRepositoryIntegrationTests.this.customers.delete(buyer);
			SoftDeleteRepositoryIntegrationTests.this.transaction.executeWithoutResult((status) -> {
				Invoice loaded = SoftDeleteRepositoryIntegrationTests.this.invoices.findById(invoice.getId())
					.orElseThrow();
				assertThat(loaded.getCustomer().getName()).isEqualTo("Buyer");
				assertThat(loaded.getCustomer().isDeleted()).isTrue();
			});
		}

	}

	@Nested
	class RestoringAndPurging {

		@Test
		void restoreByIdBringsTheRowBack() {
			Customer hal = customer("Hal");
			SoftDeleteRepositoryIntegrationTests.this.customers.delete(hal);
			Customer restored = Auditors.as("restorer",
					() -> SoftDeleteRepositoryIntegrationTests.this.customers.restoreById(hal.getId()).orElseThrow());
			assertThat(restored.isDeleted()).isFalse();
			assertThat(restored.isActive()).isTrue();
			assertLive(hal);
			assertThat(row(hal)).containsEntry("updated_by", "restorer").containsEntry("version", 2L);
			assertThat(SoftDeleteRepositoryIntegrationTests.this.customers.findById(hal.getId())).contains(hal);
		}

		@Test
		void restoreOfAnEntityBringsTheRowBack() {
			Customer ida = customer("Ida");
			SoftDeleteRepositoryIntegrationTests.this.customers.delete(ida);
			assertThat(SoftDeleteRepositoryIntegrationTests.this.customers.restore(ida).isActive()).isTrue();
			assertLive(ida);
		}

		@Test
		void restoreOfAnUnknownIdFindsNothing() {
			assertThat(SoftDeleteRepositoryIntegrationTests.this.customers.restoreById(UUID.randomUUID())).isEmpty();
		}

		@Test
		void purgeRemovesTheRowForGood() {
			Customer jon = customer("Jon");
			Customer kim = customer("Kim");
			SoftDeleteRepositoryIntegrationTests.this.customers.delete(jon);
			assertThat(SoftDeleteRepositoryIntegrationTests.this.customers.purgeById(jon.getId())).isTrue();
			assertThat(SoftDeleteRepositoryIntegrationTests.this.customers.purgeById(kim.getId())).isTrue();
			assertThat(SoftDeleteRepositoryIntegrationTests.this.customers.purgeById(kim.getId())).isFalse();
			assertThat(count("customers")).isZero();
		}

	}

	@Nested
	class PartialUniqueIndex {

		@Test
		void twoLiveCustomersOfATenantCannotShareAnEmail() {
			customer("Max");
			assertThatExceptionOfType(DataIntegrityViolationException.class)
				.isThrownBy(() -> SoftDeleteRepositoryIntegrationTests.this.customers
					.save(new Customer("Max again", "MAX@example.com")))
				.withMessageContaining("customers_email_live_key");
			assertThat(count("customers")).isOne();
		}

		@Test
		void deletedCustomersEmailCanBeReused() {
			Customer old = customer("Ned");
			SoftDeleteRepositoryIntegrationTests.this.customers.delete(old);
			Customer reused = SoftDeleteRepositoryIntegrationTests.this.customers
				.save(new Customer("Ned reborn", old.getEmail()));
			assertThat(SoftDeleteRepositoryIntegrationTests.this.customers.findByEmail(old.getEmail()))
				.contains(reused);
			// And again: any number of deleted rows may share the value.
			SoftDeleteRepositoryIntegrationTests.this.customers.delete(reused);
			SoftDeleteRepositoryIntegrationTests.this.customers.save(new Customer("Ned the third", old.getEmail()));
			assertThat(SoftDeleteRepositoryIntegrationTests.this.jdbc.queryForObject(
					"SELECT count(*) FROM customers WHERE email = ?", Integer.class, old.getEmail()))
				.isEqualTo(3);
		}

		@Test
		void anotherTenantMayUseTheSameEmail() {
			Customer acme = customer("Oda");
			Customer globex = TenantContext.call(GLOBEX,
					() -> SoftDeleteRepositoryIntegrationTests.this.customers.save(new Customer("Oda", acme.getEmail())));
			assertThat(globex.getTenantId()).isEqualTo(GLOBEX);
		}

		@Test
		void restoringIntoATakenEmailFailsAtTheRestore() {
			Customer first = customer("Pia");
			SoftDeleteRepositoryIntegrationTests.this.customers.delete(first);
			customer("Pia");
			// Inside a longer transaction too: the conflict is reported by the restore call.
			SoftDeleteRepositoryIntegrationTests.this.transaction.executeWithoutResult((status) -> {
				assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(
						() -> SoftDeleteRepositoryIntegrationTests.this.customers.restoreById(first.getId()));
				status.setRollbackOnly();
			});
			assertMarkedDeleted(first);
		}

	}

	/** Every tenant's rows, deleted or not. */
	private int count(String table) {
		Integer count = asSystem(() -> this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class));
		return (count != null) ? count : 0;
	}

	private static <T> T asSystem(Supplier<T> check) {
		return TenantContext.callAsSystem("test: set up and check rows, whatever the tenant", check);
	}

}
