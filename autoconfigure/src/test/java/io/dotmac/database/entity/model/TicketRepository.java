package io.dotmac.database.entity.model;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

import io.dotmac.database.entity.SoftDeleteRepository;

public interface TicketRepository extends JpaRepository<Ticket, UUID>, SoftDeleteRepository<Ticket, UUID> {

}
