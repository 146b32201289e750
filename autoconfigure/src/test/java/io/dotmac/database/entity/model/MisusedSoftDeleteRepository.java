package io.dotmac.database.entity.model;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

import io.dotmac.database.entity.SoftDeleteRepository;

/**
 * A soft-delete repository for an entity that cannot be soft-deleted, to check that the
 * mistake is reported.
 */
public interface MisusedSoftDeleteRepository extends JpaRepository<Plan, UUID>, SoftDeleteRepository<Plan, UUID> {

}
