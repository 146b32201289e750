package io.dotmac.database.sample.admin;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.dotmac.database.tenant.InvalidTenantIdException;
import io.dotmac.database.tenant.Tenant;
import io.dotmac.database.tenant.TenantAlreadyExistsException;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantRegistry;

/**
 * Provisioning: needs no tenant (the path is excluded from tenant resolution), only the admin
 * token. With Row-Level Security a tenant is a row in the registry; its data lives in the
 * shared, policy-protected tables.
 */
@RestController
@RequestMapping("/api/admin/tenants")
class AdminTenantController {

	private final TenantRegistry registry;

	AdminTenantController(TenantRegistry registry) {
		this.registry = registry;
	}

	@PostMapping
	ResponseEntity<Tenant> create(@Valid @RequestBody TenantRequest request) {
		Tenant tenant = this.registry.register(TenantId.of(request.id()), request.name());
		return ResponseEntity.created(URI.create("/api/admin/tenants/" + tenant.id())).body(tenant);
	}

	@GetMapping
	List<Tenant> list() {
		return this.registry.findAll();
	}

	@ExceptionHandler(InvalidTenantIdException.class)
	ProblemDetail invalid(InvalidTenantIdException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(TenantAlreadyExistsException.class)
	ProblemDetail exists(TenantAlreadyExistsException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Tenant " + ex.getTenant() + " already exists");
	}

}
