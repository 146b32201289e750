package io.dotmac.database.entity;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ReflectionUtils;

import io.dotmac.database.embedded.test.DotmacTestServers;
import io.dotmac.database.entity.model.Article;
import io.dotmac.database.entity.model.ArticleRepository;
import io.dotmac.database.entity.model.Comment;
import io.dotmac.database.entity.model.CommentRepository;
import io.dotmac.database.entity.model.Customer;
import io.dotmac.database.entity.model.CustomerRepository;
import io.dotmac.database.entity.model.Device;
import io.dotmac.database.entity.model.DeviceRepository;
import io.dotmac.database.entity.model.EntityTestApplication;
import io.dotmac.database.entity.model.Plan;
import io.dotmac.database.entity.model.PlanRepository;
import io.dotmac.database.entity.model.Setting;
import io.dotmac.database.entity.model.SettingRepository;
import io.dotmac.database.entity.model.Ticket;
import io.dotmac.database.entity.model.TicketRepository;
import io.dotmac.database.tenant.MissingTenantException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The base entities against real PostgreSQL, through Spring Data JPA repositories: keys,
 * timestamps, versions, auditor columns and the tenant column. Hibernate validates the
 * mapping of every base class against the Liquibase schema at startup
 * ({@code ddl-auto=validate}). The tenant tables are under Row-Level Security and the
 * connection hook is on, as in an application: tenant rows are written and read inside
 * {@link TenantContext#run}, and what was stored is checked in the system scope, which
 * sees every tenant's rows.
 */
@DotmacTestServers
@SpringBootTest(classes = EntityTestApplication.class,
		properties = { "spring.liquibase.change-log=classpath:db/entity/changelog.yaml",
				"spring.jpa.hibernate.ddl-auto=validate" })
@ContextConfiguration(initializers = EntityTestSystemRole.class)
class EntityPersistenceIntegrationTests {

	private static final TenantId ACME = TenantId.of("acme");

	private static final TenantId GLOBEX = TenantId.of("globex");

	@Autowired
	private PlanRepository plans;

	@Autowired
	private CommentRepository comments;

	@Autowired
	private ArticleRepository articles;

	@Autowired
	private SettingRepository settings;

	@Autowired
	private TicketRepository tickets;

	@Autowired
	private DeviceRepository devices;

	@Autowired
	private CustomerRepository customers;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private TransactionTemplate transaction;

	@PersistenceContext
	private EntityManager entityManager;

	@AfterEach
	void clearContexts() {
		SecurityContextHolder.clearContext();
		assertThat(TenantContext.current()).isEmpty();
	}

	@Test
	void idsAreVersion7UuidsThatIncreaseInInsertOrder() {
		List<UUID> inserted = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			Instant before = Instant.now();
			UUID id = this.plans.save(new Plan("plan " + i)).getId();
			Instant after = Instant.now();
			assertThat(id).isNotNull();
			assertThat(id.version()).isEqualTo(7);
			assertThat(id.variant()).isEqualTo(2);
			// The first 48 bits are the Unix time in milliseconds of the id's creation.
			long millis = id.getMostSignificantBits() >>> 16;
			assertThat(millis).isBetween(before.toEpochMilli(), after.toEpochMilli());
			inserted.add(id);
		}
		List<UUID> orderedByPostgres = this.jdbc.queryForList(
				"SELECT id FROM plans WHERE name LIKE 'plan %' ORDER BY id", UUID.class);
		assertThat(orderedByPostgres).containsExactlyElementsOf(inserted);
		assertThat(inserted).isSortedAccordingTo(Comparator.naturalOrder());
	}

	@Test
	void timestampsAreSetOnInsertAndUpdatedOnUpdate() {
		Plan plan = this.plans.save(new Plan("basic"));
		assertThat(plan.getCreatedAt()).isNotNull();
		assertThat(plan.getUpdatedAt()).isNotNull().isAfterOrEqualTo(plan.getCreatedAt());
		assertThat(plan.getVersion()).isZero();
		Map<String, Object> row = this.jdbc.queryForMap(
				"SELECT created_at, updated_at, version FROM plans WHERE id = ?", plan.getId());
		assertThat(((java.sql.Timestamp) row.get("created_at")).toInstant()).isEqualTo(plan.getCreatedAt());
		assertThat(((java.sql.Timestamp) row.get("updated_at")).toInstant()).isEqualTo(plan.getUpdatedAt());

		Plan loaded = this.plans.findById(plan.getId()).orElseThrow();
		loaded.setName("premium");
		Plan updated = this.plans.save(loaded);

		assertThat(updated.getCreatedAt()).isEqualTo(plan.getCreatedAt());
		assertThat(updated.getUpdatedAt()).isAfter(plan.getUpdatedAt());
		assertThat(updated.getVersion()).isEqualTo(1L);
		assertThat(this.jdbc.queryForObject("SELECT updated_at FROM plans WHERE id = ?", java.sql.Timestamp.class,
				plan.getId())
			.toInstant()).isEqualTo(updated.getUpdatedAt());
	}

	@Test
	void staleCopyCannotOverwriteNewerData() {
		Plan plan = this.plans.save(new Plan("v0"));
		Plan first = this.plans.findById(plan.getId()).orElseThrow();
		Plan second = this.plans.findById(plan.getId()).orElseThrow();
		first.setName("first");
		this.plans.save(first);
		second.setName("second");
		assertThatExceptionOfType(ObjectOptimisticLockingFailureException.class)
			.isThrownBy(() -> this.plans.save(second));
		assertThat(this.jdbc.queryForObject("SELECT name FROM plans WHERE id = ?", String.class, plan.getId()))
			.isEqualTo("first");
	}

	@Test
	void entitiesAreEqualByIdAcrossLoadsAndProxies() {
		Plan plan = this.plans.save(new Plan("equal"));
		Plan loaded = this.plans.findById(plan.getId()).orElseThrow();
		assertThat(loaded).isNotSameAs(plan).isEqualTo(plan).hasSameHashCodeAs(plan);
		this.transaction.executeWithoutResult((status) -> {
			Plan reference = this.entityManager.getReference(Plan.class, plan.getId());
			assertThat(reference).isEqualTo(plan);
			assertThat(plan).isEqualTo(reference).hasSameHashCodeAs(reference);
		});
		assertThat(new Plan("a")).isNotEqualTo(new Plan("a"));
	}

	@Test
	void auditorColumnsComeFromTheAuthenticatedPrincipal() {
		Comment comment = Auditors.as("alice", () -> this.comments.save(new Comment("hello")));
		assertThat(comment.getCreatedBy()).isEqualTo("alice");
		assertThat(comment.getUpdatedBy()).isEqualTo("alice");

		Comment edited = Auditors.as("bob", () -> {
			Comment loaded = this.comments.findById(comment.getId()).orElseThrow();
			loaded.setBody("hello, edited");
			return this.comments.save(loaded);
		});

		assertThat(this.jdbc.queryForMap("SELECT created_by, updated_by FROM comments WHERE id = ?", edited.getId()))
			.containsEntry("created_by", "alice")
			.containsEntry("updated_by", "bob");
	}

	@Test
	void noPrincipalOrAnAnonymousOneLeavesTheAuditorColumnsEmpty() {
		Comment unauthenticated = this.comments.save(new Comment("from a job"));
		Comment anonymous = Auditors.anonymous(() -> this.comments.save(new Comment("from a visitor")));
		assertThat(this.jdbc.queryForList("SELECT created_by, updated_by FROM comments WHERE id IN (?, ?)",
				unauthenticated.getId(), anonymous.getId()))
			.hasSize(2)
			.allSatisfy((row) -> assertThat(row).containsEntry("created_by", null).containsEntry("updated_by", null));
	}

	@Test
	void everyAuditedCombinationIsAudited() {
		Article article = Auditors.as("carol", () -> this.articles.save(new Article("news")));
		Device device = Auditors.as("carol",
				() -> TenantContext.call(ACME, () -> this.devices.save(new Device("SN-1"))));
		Customer customer = Auditors.as("carol",
				() -> TenantContext.call(ACME, () -> this.customers.save(new Customer("Carol", "carol@example.com"))));
		assertThat(List.<Audited>of(article, device, customer)).allSatisfy((audited) -> {
			assertThat(audited.getCreatedBy()).isEqualTo("carol");
			assertThat(audited.getUpdatedBy()).isEqualTo("carol");
		});
	}

	@Test
	void tenantColumnIsFilledFromTheBoundTenant() {
		Setting setting = TenantContext.call(ACME, () -> this.settings.save(new Setting("dark")));
		Ticket ticket = TenantContext.call(GLOBEX, () -> this.tickets.save(new Ticket("router down")));
		assertThat(setting.getTenantId()).isEqualTo(ACME);
		assertThat(ticket.getTenantId()).isEqualTo(GLOBEX);
		assertThat(asSystem(() -> this.jdbc.queryForObject("SELECT tenant_id FROM settings WHERE id = ?",
				String.class, setting.getId())))
			.isEqualTo("acme");
		assertThat(asSystem(() -> this.jdbc.queryForObject("SELECT tenant_id FROM tickets WHERE id = ?",
				String.class, ticket.getId())))
			.isEqualTo("globex");
		assertThat(TenantContext.call(ACME, () -> this.settings.findById(setting.getId())).orElseThrow()
			.getTenantId()).isEqualTo(ACME);
		assertThat(TenantContext.call(GLOBEX, () -> this.settings.findById(setting.getId()))).isEmpty();
	}

	@Test
	void insertWithoutATenantIsRefusedAndWritesNothing() {
		int before = count("settings");
		assertThatExceptionOfType(MissingTenantException.class)
			.isThrownBy(() -> this.settings.save(new Setting("orphan")))
			.withMessageContaining("no tenant bound");
		assertThatExceptionOfType(MissingTenantException.class)
			.isThrownBy(() -> TenantContext.runAsSystem("test: system scope is not a tenant",
					() -> this.settings.save(new Setting("orphan"))))
			.withMessageContaining("system scope");
		assertThat(count("settings")).isEqualTo(before);
	}

	@Test
	void explicitTenantMustBeTheBoundOne() {
		Setting foreign = new Setting("foreign");
		foreign.setTenantId(GLOBEX);
		int before = count("settings");
		assertThatExceptionOfType(TenantAssignmentException.class)
			.isThrownBy(() -> TenantContext.run(ACME, () -> this.settings.save(foreign)))
			.withMessageContaining("'globex'")
			.withMessageContaining("'acme'");
		assertThat(count("settings")).isEqualTo(before);

		Setting own = new Setting("own");
		own.setTenantId(ACME);
		assertThat(TenantContext.call(ACME, () -> this.settings.save(own)).getTenantId()).isEqualTo(ACME);
	}

	@Test
	void tenantCannotBeChangedAfterInsert() {
		Setting setting = TenantContext.call(ACME, () -> this.settings.save(new Setting("mine")));
		Setting loaded = TenantContext.call(ACME, () -> this.settings.findById(setting.getId()).orElseThrow());

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> loaded.setTenantId(GLOBEX))
			.withMessageContaining("set once");

		// Even when the field is changed behind the setter's back, the column is not updatable.
		Field tenantField = ReflectionUtils.findField(TenantEntity.class, "tenantId");
		ReflectionUtils.makeAccessible(tenantField);
		ReflectionUtils.setField(tenantField, loaded, GLOBEX);
		loaded.setValue("changed");
		TenantContext.run(ACME, () -> this.settings.save(loaded));

		assertThat(asSystem(
				() -> this.jdbc.queryForMap("SELECT tenant_id, value FROM settings WHERE id = ?", setting.getId())))
			.containsEntry("tenant_id", "acme")
			.containsEntry("value", "changed");
	}

	/** Every tenant's rows: under Row-Level Security only the system scope sees them all. */
	private int count(String table) {
		Integer count = asSystem(() -> this.jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class));
		return (count != null) ? count : 0;
	}

	private static <T> T asSystem(Supplier<T> check) {
		return TenantContext.callAsSystem("test: check what was stored, whatever the tenant", check);
	}

}
