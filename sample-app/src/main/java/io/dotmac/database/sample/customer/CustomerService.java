package io.dotmac.database.sample.customer;

import java.util.List;
import java.util.UUID;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customer use cases, each one transaction for the request's tenant. */
@Service
class CustomerService {

	private final CustomerRepository customers;

	CustomerService(CustomerRepository customers) {
		this.customers = customers;
	}

	@Transactional
	Customer create(CustomerRequest request) {
		return this.customers.saveAndFlush(new Customer(request.name(), request.email().toLowerCase()));
	}

	@Transactional(readOnly = true)
	List<Customer> list() {
		return this.customers.findAllByOrderByCreatedAtAsc();
	}

	@Transactional(readOnly = true)
	Customer get(UUID id) {
		return this.customers.findById(id).orElseThrow(() -> new CustomerNotFoundException(id));
	}

	/**
	 * One customer as the API shows it, cached per tenant in Redis (cache {@code customers})
	 * and evicted by {@link #update} and {@link #delete}.
	 */
	@Cacheable(cacheNames = "customers", key = "#id")
	@Transactional(readOnly = true)
	public CustomerResponse view(UUID id) {
		return CustomerResponse.of(get(id));
	}

	@CacheEvict(cacheNames = "customers", key = "#id")
	@Transactional
	Customer update(UUID id, CustomerRequest request) {
		Customer customer = get(id);
		customer.update(request.name(), request.email().toLowerCase());
		return this.customers.saveAndFlush(customer);
	}

	@CacheEvict(cacheNames = "customers", key = "#id")
	@Transactional
	void delete(UUID id) {
		this.customers.delete(get(id));
	}

}
