package io.dotmac.database.entity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.dotmac.database.entity.TenantAuditedSoftDeleteEntity;

/**
 * Test entity with every mixin, as the sample app's customers.
 */
@Entity
@Table(name = "customers")
public class Customer extends TenantAuditedSoftDeleteEntity {

	@Column(name = "name", nullable = false)
	private String name;

	@Column(name = "email", nullable = false)
	private String email;

	protected Customer() {
	}

	public Customer(String name, String email) {
		this.name = name;
		this.email = email;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

}
