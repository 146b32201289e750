package io.dotmac.database.entity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.dotmac.database.entity.TenantSoftDeleteEntity;

/**
 * Test entity on {@link TenantSoftDeleteEntity}.
 */
@Entity
@Table(name = "tickets")
public class Ticket extends TenantSoftDeleteEntity {

	@Column(name = "subject", nullable = false)
	private String subject;

	protected Ticket() {
	}

	public Ticket(String subject) {
		this.subject = subject;
	}

	public String getSubject() {
		return this.subject;
	}

	public void setSubject(String subject) {
		this.subject = subject;
	}

}
