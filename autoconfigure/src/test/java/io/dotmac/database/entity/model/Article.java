package io.dotmac.database.entity.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.dotmac.database.entity.AuditedSoftDeleteEntity;

/**
 * Test entity on {@link AuditedSoftDeleteEntity}.
 */
@Entity
@Table(name = "articles")
public class Article extends AuditedSoftDeleteEntity {

	@Column(name = "title", nullable = false)
	private String title;

	protected Article() {
	}

	public Article(String title) {
		this.title = title;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

}
