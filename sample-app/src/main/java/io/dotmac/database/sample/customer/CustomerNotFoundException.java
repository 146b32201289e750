package io.dotmac.database.sample.customer;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A customer that does not exist for this tenant (or was deleted): a 404 problem. */
class CustomerNotFoundException extends ErrorResponseException {

	CustomerNotFoundException(UUID id) {
		super(HttpStatus.NOT_FOUND);
		getBody().setTitle("Customer not found");
		getBody().setDetail("No customer " + id);
	}

}
