package io.dotmac.database.entity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.dotmac.database.entity.AuditedEntity;

/**
 * Test entity on {@link AuditedEntity}.
 */
@Entity
@Table(name = "comments")
public class Comment extends AuditedEntity {

	@Column(name = "body", nullable = false)
	private String body;

	protected Comment() {
	}

	public Comment(String body) {
		this.body = body;
	}

	public String getBody() {
		return this.body;
	}

	public void setBody(String body) {
		this.body = body;
	}

}
