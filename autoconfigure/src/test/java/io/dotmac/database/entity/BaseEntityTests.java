package io.dotmac.database.entity;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.util.ReflectionTestUtils;

import io.dotmac.database.entity.model.Customer;
import io.dotmac.database.entity.model.Note;
import io.dotmac.database.entity.model.Plan;
import io.dotmac.database.entity.model.Setting;
import io.dotmac.database.tenant.TenantId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The entity classes on their own, without a database.
 */
class BaseEntityTests {

	private static <T extends BaseEntity> T withId(T entity, UUID id) {
		ReflectionTestUtils.setField(entity, BaseEntity.class, "id", id, UUID.class);
		return entity;
	}

	@Test
	void newEntitiesAreEqualOnlyToThemselves() {
		Plan plan = new Plan("a");
		assertThat(plan).isEqualTo(plan).isNotEqualTo(new Plan("a"));
		assertThat(plan.getId()).isNull();
	}

	@Test
	void entitiesOfOneClassWithTheSameIdAreEqual() {
		UUID id = UUID.randomUUID();
		assertThat(withId(new Plan("a"), id)).isEqualTo(withId(new Plan("b"), id))
			.isNotEqualTo(withId(new Plan("a"), UUID.randomUUID()));
	}

	@Test
	void entitiesOfDifferentClassesAreNeverEqual() {
		UUID id = UUID.randomUUID();
		assertThat(withId(new Plan("a"), id)).isNotEqualTo(withId(new Note("a"), id));
	}

	@Test
	void hashCodeDoesNotChangeWhenTheIdIsAssigned() {
		Plan plan = new Plan("a");
		Set<Plan> set = new HashSet<>(Set.of(plan));
		int before = plan.hashCode();
		withId(plan, UUID.randomUUID());
		assertThat(plan.hashCode()).isEqualTo(before);
		assertThat(set).contains(plan);
	}

	@Test
	void markDeletedSetsBothColumnsAndKeepsTheFirstTime() {
		Note note = new Note("x");
		assertThat(note.isActive()).isTrue();
		assertThat(note.isDeleted()).isFalse();
		Instant first = Instant.parse("2026-01-01T00:00:00Z");
		note.markDeleted(first);
		note.markDeleted(first.plusSeconds(60));
		assertThat(note.getDeletedAt()).isEqualTo(first);
		assertThat(note.isDeleted()).isTrue();
		assertThat(note.isActive()).isFalse();
		note.markRestored();
		assertThat(note.getDeletedAt()).isNull();
		assertThat(note.isActive()).isTrue();
	}

	@Test
	void tenantSoftDeleteEntitiesBehaveTheSame() {
		Customer customer = new Customer("c", "c@example.com");
		Instant at = Instant.parse("2026-01-01T00:00:00Z");
		customer.markDeleted(at);
		customer.markDeleted(at.plusSeconds(1));
		assertThat(customer.getDeletedAt()).isEqualTo(at);
		assertThat(customer.isActive()).isFalse();
		customer.markRestored();
		assertThat(customer.isDeleted()).isFalse();
		assertThat(customer.isActive()).isTrue();
	}

	@Test
	void tenantIsSetOnce() {
		Setting setting = new Setting("v");
		setting.setTenantId(TenantId.of("acme"));
		assertThatNoException().isThrownBy(() -> setting.setTenantId(TenantId.of("acme")));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> setting.setTenantId(TenantId.of("globex")))
			.withMessageContaining("set once");
		assertThat(setting.getTenantId()).isEqualTo(TenantId.of("acme"));
	}

	@Test
	void guardRefusesRemovalOfSoftDeletableEntitiesOnly() {
		SoftDeleteGuard guard = new SoftDeleteGuard();
		assertThatExceptionOfType(HardDeleteRefusedException.class).isThrownBy(() -> guard.refuseRemoval(new Note("x")))
			.withMessageContaining("Note is soft-deletable");
		assertThatNoException().isThrownBy(() -> guard.refuseRemoval(new Plan("x")));
	}

	@Test
	void converterRoundTripsAndValidates() {
		TenantIdConverter converter = new TenantIdConverter();
		assertThat(converter.convertToDatabaseColumn(TenantId.of("acme"))).isEqualTo("acme");
		assertThat(converter.convertToEntityAttribute("acme")).isEqualTo(TenantId.of("acme"));
		assertThat(converter.convertToDatabaseColumn(null)).isNull();
		assertThat(converter.convertToEntityAttribute(null)).isNull();
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> converter.convertToEntityAttribute("ACME"));
	}

}
