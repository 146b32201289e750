package io.dotmac.database.sample.admin;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.tenant.Tenant;
import io.dotmac.database.tenant.TenantAlreadyExistsException;
import io.dotmac.database.tenant.TenantId;
import io.dotmac.database.tenant.TenantProvisioner;
import io.dotmac.database.tenant.TenantRegistry;
import io.dotmac.database.tenant.TenantStateException;
import io.dotmac.database.tenant.UnknownTenantException;

/**
 * Provisioning: needs no tenant (the path is excluded from tenant resolution), only the admin
 * token. The same endpoints work in both isolation strategies, through the starter's
 * {@link TenantProvisioner}: with Row-Level Security a tenant is a registry row and its rows
 * in the shared tables; with a schema per tenant, creating one also creates its schema
 * (cloned from the migrated template) and deleting one drops it.
 */
@RestController
@RequestMapping("/api/admin/tenants")
class AdminTenantController {

	private final @Nullable TenantProvisioner provisioner;

	private final TenantRegistry registry;

	AdminTenantController(ObjectProvider<TenantProvisioner> provisioner, TenantRegistry registry) {
		// No provisioner when the isolation hook is switched off (dotmac.database.rls.enabled=false,
		// as the benchmarks' no-tenancy variant runs): then tenants are registry rows only.
		this.provisioner = provisioner.getIfAvailable();
		this.registry = registry;
	}

	/** Create a tenant (or finish creating one whose creation failed half way). */
	@PostMapping
	ResponseEntity<Tenant> create(@Valid @RequestBody TenantRequest request) {
		TenantId id = TenantId.of(request.id());
		Tenant tenant = (this.provisioner != null) ? this.provisioner.create(id, request.name())
				: this.registry.register(id, request.name());
		return ResponseEntity.created(URI.create("/api/admin/tenants/" + tenant.id())).body(tenant);
	}

	@GetMapping
	List<Tenant> list() {
		return this.registry.findAll();
	}

	@PostMapping("/{id}/suspend")
	Tenant suspend(@PathVariable String id) {
		return this.registry.suspend(TenantId.of(id));
	}

	@PostMapping("/{id}/resume")
	Tenant resume(@PathVariable String id) {
		return this.registry.resume(TenantId.of(id));
	}

	/** Delete a suspended tenant and all its data; {@code confirm} must repeat the id. */
	@DeleteMapping("/{id}")
	ResponseEntity<Object> delete(@PathVariable String id, @RequestParam(defaultValue = "") String confirm) {
		if (this.provisioner == null) {
			return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_IMPLEMENTED, "Tenant isolation is switched off"));
		}
		boolean deleted = this.provisioner.delete(TenantId.of(id), confirm);
		return deleted ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	@ExceptionHandler(DatabaseValidationException.class)
	ProblemDetail invalid(DatabaseValidationException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(TenantAlreadyExistsException.class)
	ProblemDetail exists(TenantAlreadyExistsException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Tenant " + ex.getTenant() + " already exists");
	}

	@ExceptionHandler(TenantStateException.class)
	ProblemDetail state(TenantStateException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler(UnknownTenantException.class)
	ProblemDetail unknown(UnknownTenantException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Tenant " + ex.getTenant() + " is not registered");
	}

}
