package io.dotmac.database.sample.customer;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant-scoped customers API. The tenant comes from the {@code X-Tenant-ID} header
 * (resolved, validated and checked against the registry by the starter's filter); nothing
 * here mentions it.
 */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

	private final CustomerService service;

	CustomerController(CustomerService service) {
		this.service = service;
	}

	@PostMapping
	ResponseEntity<CustomerResponse> create(@Valid @RequestBody CustomerRequest request) {
		CustomerResponse created = CustomerResponse.of(this.service.create(request));
		return ResponseEntity.created(URI.create("/api/customers/" + created.id())).body(created);
	}

	@GetMapping
	List<CustomerResponse> list() {
		return this.service.list().stream().map(CustomerResponse::of).toList();
	}

	@GetMapping("/{id}")
	CustomerResponse get(@PathVariable UUID id) {
		return this.service.view(id);
	}

	@PutMapping("/{id}")
	CustomerResponse update(@PathVariable UUID id, @Valid @RequestBody CustomerRequest request) {
		return CustomerResponse.of(this.service.update(id, request));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		this.service.delete(id);
		return ResponseEntity.noContent().build();
	}

}
