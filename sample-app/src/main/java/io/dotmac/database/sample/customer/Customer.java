package io.dotmac.database.sample.customer;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.dotmac.database.entity.TenantAuditedSoftDeleteEntity;

/**
 * An ISP's customer. Tenant-scoped (the tenant column is filled from the request's tenant and
 * the table is protected by Row-Level Security), audited and soft-deleted.
 */
@Entity
@Table(name = "customers")
public class Customer extends TenantAuditedSoftDeleteEntity {

	private String name;

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

	public String getEmail() {
		return this.email;
	}

	void update(String name, String email) {
		this.name = name;
		this.email = email;
	}

}
