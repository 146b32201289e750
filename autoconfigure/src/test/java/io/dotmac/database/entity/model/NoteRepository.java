package io.dotmac.database.entity.model;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

import io.dotmac.database.entity.SoftDeleteRepository;

public interface NoteRepository extends JpaRepository<Note, UUID>, SoftDeleteRepository<Note, UUID> {

}
