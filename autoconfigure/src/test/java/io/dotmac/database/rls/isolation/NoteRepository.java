package io.dotmac.database.rls.isolation;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spring Data access to notes: derived, JPQL and native queries, none of which names a
 * tenant. Isolation must come from the database alone.
 */
public interface NoteRepository extends JpaRepository<Note, UUID> {

	List<Note> findByTitleStartingWith(String prefix);

	@Query(value = "SELECT * FROM notes", nativeQuery = true)
	List<Note> findAllNative();

	@Transactional
	@Modifying
	@Query("UPDATE Note n SET n.title = :title WHERE n.id = :id")
	int retitle(@Param("id") UUID id, @Param("title") String title);

	@Transactional
	@Modifying
	@Query("DELETE FROM Note n WHERE n.id = :id")
	int deleteByIdReturningCount(@Param("id") UUID id);

	@Transactional
	@Modifying
	@Query(value = "UPDATE notes SET title = title", nativeQuery = true)
	int touchAllNative();

}
