package io.dotmac.database.entity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.dotmac.database.entity.TenantEntity;

/**
 * Test entity on {@link TenantEntity}.
 */
@Entity
@Table(name = "settings")
public class Setting extends TenantEntity {

	@Column(name = "value", nullable = false)
	private String value;

	protected Setting() {
	}

	public Setting(String value) {
		this.value = value;
	}

	public String getValue() {
		return this.value;
	}

	public void setValue(String value) {
		this.value = value;
	}

}
