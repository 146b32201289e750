package io.dotmac.database.entity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.dotmac.database.entity.TenantEntity;

/**
 * Test entity that references a soft-deletable one.
 */
@Entity
@Table(name = "invoices")
public class Invoice extends TenantEntity {

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "customer_id", nullable = false)
	private Customer customer;

	@Column(name = "amount_cents", nullable = false)
	private long amountCents;

	protected Invoice() {
	}

	public Invoice(Customer customer, long amountCents) {
		this.customer = customer;
		this.amountCents = amountCents;
	}

	public Customer getCustomer() {
		return this.customer;
	}

	public long getAmountCents() {
		return this.amountCents;
	}

}
