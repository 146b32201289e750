package io.dotmac.database.autoconfigure.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The marker row, mapped for the JPA side of the read/write split tests.
 */
@Entity
@Table(name = "marker")
public class Marker {

	@Id
	private Integer id;

	private String label;

	protected Marker() {
	}

	public Marker(Integer id, String label) {
		this.id = id;
		this.label = label;
	}

	public Integer getId() {
		return this.id;
	}

	public String getLabel() {
		return this.label;
	}

}
