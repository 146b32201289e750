package io.dotmac.database.entity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.jpa.repository.support.JpaEntityInformation;
import org.springframework.data.jpa.repository.support.JpaEntityInformationSupport;
import org.springframework.data.repository.core.RepositoryMethodContext;
import org.springframework.data.repository.core.support.RepositoryMetadataAccess;
import org.springframework.util.Assert;

/**
 * The implementation of {@link SoftDeleteRepository}, registered with Spring Data through
 * {@code META-INF/spring.factories}. One instance serves every repository that declares the
 * fragment; it learns the entity type of each call from Spring Data's
 * {@link RepositoryMethodContext} (hence {@link RepositoryMetadataAccess}).
 * <p>
 * Deleting and restoring change the managed entity ({@link SoftDeletable#markDeleted},
 * {@link SoftDeletable#markRestored}) and leave the {@code UPDATE} to Hibernate's flush, so
 * optimistic locking, {@code @UpdateTimestamp} and auditing apply as to any other change.
 * Transactions come from the {@code @Transactional} declarations on
 * {@link SoftDeleteRepository}, which Spring Data's repository proxy honours.
 * <p>
 * The {@link EntityManager} is injected by type: with several persistence units, the
 * primary one is used.
 *
 * @param <T> the entity type
 * @param <ID> the id type
 */
public class SoftDeleteRepositoryFragment<T, ID> implements SoftDeleteRepository<T, ID>, RepositoryMetadataAccess {

	private final EntityManager entityManager;

	private final Map<Class<?>, JpaEntityInformation<?, ?>> entityInformation = new ConcurrentHashMap<>();

	/**
	 * Create the fragment.
	 * @param entityManager the (shared, transaction-bound) entity manager
	 */
	public SoftDeleteRepositoryFragment(EntityManager entityManager) {
		Assert.notNull(entityManager, "EntityManager must not be null");
		this.entityManager = entityManager;
	}

	@Override
	public Optional<T> findById(ID id) {
		Assert.notNull(id, "The given id must not be null");
		T entity = this.entityManager.find(information().getJavaType(), id);
		if (entity == null || (asSoftDeletable(entity).isDeleted() && SoftDeleteFilter.isEnabled(this.entityManager))) {
			return Optional.empty();
		}
		return Optional.of(entity);
	}

	@Override
	public void delete(T entity) {
		Assert.notNull(entity, "Entity must not be null");
		JpaEntityInformation<T, ?> information = information();
		if (information.isNew(entity)) {
			return;
		}
		T managed = entity;
		if (!this.entityManager.contains(entity)) {
			Object id = information.getId(entity);
			if (id == null || this.entityManager.find(information.getJavaType(), id) == null) {
				return;
			}
			// Like Spring Data's delete: a stale copy fails the version check here.
			managed = this.entityManager.merge(entity);
		}
		markDeleted(managed);
	}

	@Override
	public void deleteById(ID id) {
		Assert.notNull(id, "The given id must not be null");
		T entity = this.entityManager.find(information().getJavaType(), id);
		if (entity != null) {
			markDeleted(entity);
		}
	}

	@Override
	public void deleteAllById(Iterable<? extends ID> ids) {
		Assert.notNull(ids, "Ids must not be null");
		for (ID id : ids) {
			deleteById(id);
		}
	}

	@Override
	public void deleteAll(Iterable<? extends T> entities) {
		Assert.notNull(entities, "Entities must not be null");
		for (T entity : entities) {
			delete(entity);
		}
	}

	@Override
	public void deleteAll() {
		JpaEntityInformation<T, ?> information = information();
		for (T entity : this.entityManager
			.createQuery("select e from " + information.getEntityName() + " e", information.getJavaType())
			.getResultList()) {
			markDeleted(entity);
		}
	}

	@Override
	public void deleteAllInBatch(Iterable<T> entities) {
		Assert.notNull(entities, "Entities must not be null");
		JpaEntityInformation<T, ?> information = information();
		List<Object> ids = new ArrayList<>();
		for (T entity : entities) {
			Object id = information.getId(entity);
			if (id != null) {
				ids.add(id);
			}
		}
		bulkDelete(information, ids);
	}

	@Override
	public void deleteAllByIdInBatch(Iterable<ID> ids) {
		Assert.notNull(ids, "Ids must not be null");
		List<Object> list = new ArrayList<>();
		ids.forEach(list::add);
		bulkDelete(information(), list);
	}

	@Override
	public void deleteAllInBatch() {
		bulkDelete(information(), null);
	}

	@Override
	public Optional<T> findByIdIncludingDeleted(ID id) {
		Assert.notNull(id, "The given id must not be null");
		return Optional.ofNullable(this.entityManager.find(information().getJavaType(), id));
	}

	@Override
	public List<T> findAllIncludingDeleted() {
		JpaEntityInformation<T, ?> information = information();
		return includingDeleted(() -> this.entityManager
			.createQuery("select e from " + information.getEntityName() + " e", information.getJavaType())
			.getResultList());
	}

	@Override
	public List<T> findAllDeleted() {
		JpaEntityInformation<T, ?> information = information();
		return includingDeleted(() -> this.entityManager
			.createQuery("select e from " + information.getEntityName() + " e where e.deletedAt is not null",
					information.getJavaType())
			.getResultList());
	}

	@Override
	public <R> R includingDeleted(Supplier<R> work) {
		Assert.notNull(work, "Work must not be null");
		return SoftDeleteFilter.includingDeleted(this.entityManager, work);
	}

	@Override
	public Optional<T> restoreById(ID id) {
		Assert.notNull(id, "The given id must not be null");
		T entity = this.entityManager.find(information().getJavaType(), id);
		if (entity == null) {
			return Optional.empty();
		}
		SoftDeletable softDeletable = asSoftDeletable(entity);
		if (softDeletable.isDeleted()) {
			softDeletable.markRestored();
			// A live row may have taken a unique value meanwhile: report it here, not at commit.
			this.entityManager.flush();
		}
		return Optional.of(entity);
	}

	@Override
	@SuppressWarnings("unchecked")
	public T restore(T entity) {
		Assert.notNull(entity, "Entity must not be null");
		JpaEntityInformation<T, ?> information = information();
		Object id = information.getId(entity);
		if (id == null) {
			throw new InvalidDataAccessApiUsageException(
					"Cannot restore a new " + information.getEntityName() + "; it was never persisted");
		}
		return restoreById((ID) id).orElseThrow(() -> new EmptyResultDataAccessException(
				"No " + information.getEntityName() + " with id " + id + " exists", 1));
	}

	@Override
	public boolean purgeById(ID id) {
		Assert.notNull(id, "The given id must not be null");
		JpaEntityInformation<T, ?> information = information();
		T managed = this.entityManager.find(information.getJavaType(), id);
		if (managed != null) {
			// Forget the loaded entity, so that no later flush writes to the removed row.
			this.entityManager.detach(managed);
		}
		String idAttribute = information.getRequiredIdAttribute().getName();
		int removed = includingDeleted(() -> this.entityManager
			.createQuery("delete from " + information.getEntityName() + " e where e." + idAttribute + " = :id")
			.setParameter("id", id)
			.executeUpdate());
		return removed > 0;
	}

	private void markDeleted(T entity) {
		asSoftDeletable(entity).markDeleted(now());
	}

	private void bulkDelete(JpaEntityInformation<T, ?> information, @Nullable List<Object> ids) {
		if (ids != null && ids.isEmpty()) {
			return;
		}
		String idAttribute = information.getRequiredIdAttribute().getName();
		// "update versioned" is HQL: it increments the version as an entity update would.
		String hql = "update versioned " + information.getEntityName()
				+ " e set e.deletedAt = :now, e.active = false, e.updatedAt = :now where e.deletedAt is null"
				+ ((ids != null) ? " and e." + idAttribute + " in :ids" : "");
		Query query = this.entityManager.createQuery(hql).setParameter("now", now());
		if (ids != null) {
			query.setParameter("ids", ids);
		}
		query.executeUpdate();
	}

	// Microseconds: what timestamptz keeps, so the entity and its row agree.
	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	private SoftDeletable asSoftDeletable(T entity) {
		if (entity instanceof SoftDeletable softDeletable) {
			return softDeletable;
		}
		throw notSoftDeletable(entity.getClass());
	}

	@SuppressWarnings("unchecked")
	private JpaEntityInformation<T, ?> information() {
		Class<?> domainType = RepositoryMethodContext.getContext().getMetadata().getDomainType();
		return (JpaEntityInformation<T, ?>) this.entityInformation.computeIfAbsent(domainType, (type) -> {
			if (!SoftDeletable.class.isAssignableFrom(type)) {
				throw notSoftDeletable(type);
			}
			return JpaEntityInformationSupport.getEntityInformation(type, this.entityManager);
		});
	}

	private static InvalidDataAccessApiUsageException notSoftDeletable(Class<?> type) {
		return new InvalidDataAccessApiUsageException(type.getName() + " is not SoftDeletable: a SoftDeleteRepository "
				+ "needs an entity that extends SoftDeleteEntity, AuditedSoftDeleteEntity, TenantSoftDeleteEntity or "
				+ "TenantAuditedSoftDeleteEntity");
	}

}
