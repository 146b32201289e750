package io.dotmac.database.entity;

import jakarta.persistence.PreRemove;

/**
 * Refuses to remove a {@link SoftDeletable} entity's row physically, as a JPA callback.
 * Registered by the soft-deletable base classes.
 * <p>
 * {@code EntityManager.remove} on such an entity, which is also what Spring Data's derived
 * {@code deleteBy...} queries, cascades and orphan removal use, would delete the row for
 * good while the model says it is soft-deletable; the guard turns that into a
 * {@link HardDeleteRefusedException} before any SQL runs. Delete through
 * {@link SoftDeleteRepository} instead; remove rows for good with
 * {@link SoftDeleteRepository#purgeById}, which is a deliberate, separate operation.
 */
public class SoftDeleteGuard {

	/**
	 * Refuse the removal of a soft-deletable entity.
	 * @param entity the entity about to be removed
	 * @throws HardDeleteRefusedException always, for a {@link SoftDeletable} entity
	 */
	@PreRemove
	public void refuseRemoval(Object entity) {
		if (entity instanceof SoftDeletable) {
			throw new HardDeleteRefusedException(entity.getClass().getSimpleName()
					+ " is soft-deletable: delete it through its SoftDeleteRepository (delete, deleteById, deleteAll), "
					+ "which marks the row, or remove the row for good with SoftDeleteRepository.purgeById; "
					+ "EntityManager.remove, derived deleteBy... queries and cascaded removal are refused");
		}
	}

}
