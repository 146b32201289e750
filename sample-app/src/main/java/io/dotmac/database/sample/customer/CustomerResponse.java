package io.dotmac.database.sample.customer;

import java.time.Instant;
import java.util.UUID;

/** A customer as the API shows it. */
record CustomerResponse(UUID id, String name, String email, Instant createdAt, Instant updatedAt, String createdBy,
		String updatedBy) {

	static CustomerResponse of(Customer customer) {
		return new CustomerResponse(customer.getId(), customer.getName(), customer.getEmail(), customer.getCreatedAt(),
				customer.getUpdatedAt(), customer.getCreatedBy(), customer.getUpdatedBy());
	}

}
