package io.dotmac.database.autoconfigure.isolation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A tenant-aware entity whose table Hibernate's schema generation creates without any
 * Row-Level Security: what the audit must catch after JPA has started.
 */
@Entity
@Table(name = "tenant_notes")
public class TenantNote {

	@Id
	private Long id;

	@Column(name = "tenant_id", nullable = false, length = 48)
	private String tenantId;

	protected TenantNote() {
	}

	public Long getId() {
		return this.id;
	}

	public String getTenantId() {
		return this.tenantId;
	}

}
