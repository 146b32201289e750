package io.dotmac.database.sample.customer;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

import io.dotmac.database.entity.SoftDeleteRepository;

/**
 * Customers of the current tenant. No query names the tenant: PostgreSQL's Row-Level Security
 * policy on {@code customers} decides which rows exist for this request. Deletes are soft.
 */
public interface CustomerRepository extends JpaRepository<Customer, UUID>, SoftDeleteRepository<Customer, UUID> {

	List<Customer> findAllByOrderByCreatedAtAsc();

}
