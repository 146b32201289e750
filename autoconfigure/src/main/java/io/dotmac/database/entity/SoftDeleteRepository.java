package io.dotmac.database.entity;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.transaction.annotation.Transactional;

/**
 * Spring Data repository fragment that makes deleting a {@link SoftDeletable} entity a soft
 * delete, and adds the explicit ways to see deleted rows, restore them and remove them for
 * good.
 * <p>
 * Declare it next to {@code JpaRepository} (or {@code CrudRepository}), directly on the
 * repository interface:
 * <pre>{@code
 * interface CustomerRepository extends JpaRepository<Customer, UUID>, SoftDeleteRepository<Customer, UUID> {
 *
 *     Optional<Customer> findByEmail(String email);   // live customers only
 * }
 * }</pre>
 * Nothing else is needed, with or without {@code @EnableJpaRepositories}: Spring Data finds
 * the implementation, {@link SoftDeleteRepositoryFragment}, through
 * {@code META-INF/spring.factories}. (Spring Data looks only at the interfaces the repository
 * interface extends directly, so declare it there, not on an intermediate interface.)
 * <p>
 * What changes for the repository:
 * <ul>
 * <li>{@code delete}, {@code deleteById}, {@code deleteAllById}, {@code deleteAll} mark the
 * rows deleted ({@code deleted_at}, {@code is_active}); the update goes through the
 * persistence context like any change, so it is version-checked, sets {@code updated_at} and,
 * for audited entities, {@code updated_by}. Deleting a row that is already deleted or does
 * not exist does nothing, as Spring Data's {@code deleteById} does.</li>
 * <li>{@code deleteAllInBatch}, {@code deleteAllByIdInBatch} and {@code deleteInBatch} mark
 * the rows with one bulk {@code UPDATE} (incrementing the version and setting
 * {@code updated_at}); like Spring Data's batch deletes they bypass the persistence context
 * and entity callbacks, so {@code updated_by} is not written and entities already loaded in
 * the session are not refreshed.</li>
 * <li>{@code findById} and every query (derived, {@code @Query} in JPQL, {@code findAll},
 * {@code count}, {@code existsById}, specifications, examples, paging) see live rows
 * only.</li>
 * <li>Deleted rows are reached on purpose only: {@link #findByIdIncludingDeleted},
 * {@link #findAllIncludingDeleted}, {@link #findAllDeleted}, or any query run inside
 * {@link #includingDeleted}.</li>
 * <li>{@link #restoreById} and {@link #restore} bring a row back; {@link #purgeById} removes
 * it for good.</li>
 * </ul>
 * Derived {@code deleteBy...} query methods are refused with
 * {@link HardDeleteRefusedException}, because Spring Data runs them through
 * {@code EntityManager.remove}; find the entities and pass them to {@code deleteAll}
 * instead.
 *
 * @param <T> the entity type, a {@link SoftDeletable}
 * @param <ID> the id type
 */
public interface SoftDeleteRepository<T, ID> {

	/**
	 * Return the live entity with the given id.
	 * @param id the id
	 * @return the entity, or empty when there is none or it is deleted (inside
	 * {@link #includingDeleted}, deleted entities are returned too)
	 */
	@Transactional(readOnly = true)
	Optional<T> findById(ID id);

	/**
	 * Mark the entity deleted. Does nothing for a new entity, a deleted one or one whose row
	 * does not exist.
	 * @param entity the entity
	 */
	@Transactional
	void delete(T entity);

	/**
	 * Mark the entity with the given id deleted. Does nothing when there is none or it is
	 * deleted already.
	 * @param id the id
	 */
	@Transactional
	void deleteById(ID id);

	/**
	 * Mark the entities with the given ids deleted.
	 * @param ids the ids
	 */
	@Transactional
	void deleteAllById(Iterable<? extends ID> ids);

	/**
	 * Mark the given entities deleted.
	 * @param entities the entities
	 */
	@Transactional
	void deleteAll(Iterable<? extends T> entities);

	/**
	 * Mark every live entity of this repository deleted (with row level security: every row
	 * the current tenant can see).
	 */
	@Transactional
	void deleteAll();

	/**
	 * Mark the given entities deleted with one bulk update, bypassing the persistence
	 * context.
	 * @param entities the entities
	 */
	@Transactional
	void deleteAllInBatch(Iterable<T> entities);

	/**
	 * Mark the entities with the given ids deleted with one bulk update, bypassing the
	 * persistence context.
	 * @param ids the ids
	 */
	@Transactional
	void deleteAllByIdInBatch(Iterable<ID> ids);

	/**
	 * Mark every live entity deleted with one bulk update, bypassing the persistence
	 * context.
	 */
	@Transactional
	void deleteAllInBatch();

	/**
	 * Return the entity with the given id, deleted or not.
	 * @param id the id
	 * @return the entity, or empty when there is none
	 */
	@Transactional(readOnly = true)
	Optional<T> findByIdIncludingDeleted(ID id);

	/**
	 * Return every entity, deleted or not.
	 * @return the entities
	 */
	@Transactional(readOnly = true)
	List<T> findAllIncludingDeleted();

	/**
	 * Return the deleted entities only.
	 * @return the deleted entities
	 */
	@Transactional(readOnly = true)
	List<T> findAllDeleted();

	/**
	 * Run work with deleted rows visible to every query it makes in this transaction, for
	 * example a derived query of this repository:
	 * <pre>{@code
	 * List<Customer> everyone = customers.includingDeleted(() -> customers.findByName(name));
	 * }</pre>
	 * @param <R> the result type
	 * @param work the work
	 * @return its result
	 * @see SoftDeleteFilter#includingDeleted
	 */
	@Transactional
	<R> R includingDeleted(Supplier<R> work);

	/**
	 * Bring back the entity with the given id, and flush, so that a conflict with a live row
	 * (a partial unique index) fails here.
	 * @param id the id
	 * @return the restored entity (unchanged when it was not deleted), or empty when there
	 * is none
	 */
	@Transactional
	Optional<T> restoreById(ID id);

	/**
	 * Bring back the given entity, and flush; see {@link #restoreById}.
	 * @param entity a persisted entity
	 * @return the restored, managed entity
	 * @throws org.springframework.dao.EmptyResultDataAccessException when its row no longer
	 * exists
	 */
	@Transactional
	T restore(T entity);

	/**
	 * Remove the row with the given id for good, deleted or not, with a bulk
	 * {@code DELETE}: no callbacks, no cascades (foreign keys in the database still apply).
	 * For erasure requests and retention jobs.
	 * @param id the id
	 * @return whether a row was removed
	 */
	@Transactional
	boolean purgeById(ID id);

}
