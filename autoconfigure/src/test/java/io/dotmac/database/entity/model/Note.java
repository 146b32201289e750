package io.dotmac.database.entity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.dotmac.database.entity.SoftDeleteEntity;

/**
 * Test entity on {@link SoftDeleteEntity}.
 */
@Entity
@Table(name = "notes")
public class Note extends SoftDeleteEntity {

	@Column(name = "body", nullable = false)
	private String body;

	protected Note() {
	}

	public Note(String body) {
		this.body = body;
	}

	public String getBody() {
		return this.body;
	}

	public void setBody(String body) {
		this.body = body;
	}

}
