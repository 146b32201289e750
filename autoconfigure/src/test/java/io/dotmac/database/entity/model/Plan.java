package io.dotmac.database.entity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.dotmac.database.entity.BaseEntity;

/**
 * Test entity on {@link BaseEntity}.
 */
@Entity
@Table(name = "plans")
public class Plan extends BaseEntity {

	@Column(name = "name", nullable = false)
	private String name;

	protected Plan() {
	}

	public Plan(String name) {
		this.name = name;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

}
