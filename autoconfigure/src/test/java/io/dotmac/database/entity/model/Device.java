package io.dotmac.database.entity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.dotmac.database.entity.TenantAuditedEntity;

/**
 * Test entity on {@link TenantAuditedEntity}.
 */
@Entity
@Table(name = "devices")
public class Device extends TenantAuditedEntity {

	@Column(name = "serial", nullable = false)
	private String serial;

	protected Device() {
	}

	public Device(String serial) {
		this.serial = serial;
	}

	public String getSerial() {
		return this.serial;
	}

	public void setSerial(String serial) {
		this.serial = serial;
	}

}
