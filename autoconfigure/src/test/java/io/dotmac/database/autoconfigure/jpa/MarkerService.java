package io.dotmac.database.autoconfigure.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes the marker through JPA in declarative transactions, as application code
 * would.
 */
public class MarkerService {

	@PersistenceContext
	private EntityManager entityManager;

	@Transactional(readOnly = true)
	public String readInReadOnlyTransaction() {
		return this.entityManager.find(Marker.class, 1).getLabel();
	}

	@Transactional(readOnly = true)
	public String queryInReadOnlyTransaction() {
		return this.entityManager.createQuery("select m.label from Marker m where m.id = 1", String.class)
			.getSingleResult();
	}

	@Transactional
	public String readInReadWriteTransaction() {
		return this.entityManager.find(Marker.class, 1).getLabel();
	}

	@Transactional
	public void write(int id, String label) {
		this.entityManager.persist(new Marker(id, label));
	}

}
