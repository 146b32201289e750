package io.dotmac.database.entity.model;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import io.dotmac.database.entity.SoftDeleteRepository;

public interface CustomerRepository extends JpaRepository<Customer, UUID>, JpaSpecificationExecutor<Customer>,
		SoftDeleteRepository<Customer, UUID> {

	Optional<Customer> findByEmail(String email);

	List<Customer> findByNameStartingWith(String prefix);

	long countByName(String name);

	boolean existsByEmail(String email);

	@Query("select c from Customer c where lower(c.email) = lower(:email)")
	List<Customer> findByEmailIgnoringCase(@Param("email") String email);

	@Query(value = "select * from customers where email = :email", nativeQuery = true)
	List<Customer> findByEmailNatively(@Param("email") String email);

	long deleteByEmail(String email);

}
