package io.dotmac.database.entity;

import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

/**
 * Access to the Hibernate filter that hides soft-deleted rows
 * ({@value SoftDeletable#FILTER_NAME}, condition {@value SoftDeletable#FILTER_CONDITION}).
 * <p>
 * The filter is declared {@code autoEnabled}, so every session starts with it on and every
 * HQL, JPQL, criteria and Spring Data query of a soft-deletable entity skips deleted rows.
 * {@link #includingDeleted} turns it off for one block of work on the current session:
 * <pre>{@code
 * List<Customer> all = SoftDeleteFilter.includingDeleted(entityManager,
 *         () -> customers.findByEmail(email));
 * }</pre>
 * The block must run on one session, so inside a transaction when the entity manager is
 * Spring's shared one; outside one, this method fails rather than leave the filter on.
 */
public final class SoftDeleteFilter {

	private SoftDeleteFilter() {
	}

	/**
	 * Run work with deleted rows visible to the queries of the given entity manager's current
	 * session, then put the filter back as it was.
	 * @param <R> the result type
	 * @param entityManager the entity manager whose session runs the work
	 * @param work the work
	 * @return its result
	 * @throws IllegalStateException when the entity manager does not keep one session for the
	 * block (Spring's shared entity manager outside a transaction)
	 */
	public static <R> R includingDeleted(EntityManager entityManager, Supplier<R> work) {
		Session session = entityManager.unwrap(Session.class);
		boolean enabled = session.getEnabledFilter(SoftDeletable.FILTER_NAME) != null;
		if (enabled) {
			session.disableFilter(SoftDeletable.FILTER_NAME);
			// Spring's shared entity manager is itself a Session; outside a transaction every
			// call on it goes to a new, short-lived session, and the filter would stay on for
			// the queries of the work. Say so instead of quietly hiding the deleted rows.
			if (session.getEnabledFilter(SoftDeletable.FILTER_NAME) != null) {
				throw new IllegalStateException("Deleted rows can be included only on a session that lives for the "
						+ "whole block of work: run it inside a transaction");
			}
		}
		try {
			return work.get();
		}
		finally {
			if (enabled) {
				session.enableFilter(SoftDeletable.FILTER_NAME);
			}
		}
	}

	/**
	 * Whether the current session hides deleted rows.
	 * @param entityManager the entity manager whose session to ask
	 * @return {@code false} inside {@link #includingDeleted}, {@code true} otherwise
	 */
	public static boolean isEnabled(EntityManager entityManager) {
		return entityManager.unwrap(Session.class).getEnabledFilter(SoftDeletable.FILTER_NAME) != null;
	}

}
