package io.dotmac.database.rls.isolation;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The isolation contract's own small entity (the base entities are built elsewhere): a
 * note that belongs to one tenant. {@code origin} says which database a row was read
 * from ("primary" or "replica").
 */
@Entity
@Table(name = "notes")
public class Note {

	@Id
	private UUID id;

	@Column(name = "tenant_id", nullable = false, updatable = false)
	private String tenantId;

	private String title;

	@Column(insertable = false, updatable = false)
	private String origin;

	protected Note() {
	}

	public Note(UUID id, String tenantId, String title) {
		this.id = id;
		this.tenantId = tenantId;
		this.title = title;
	}

	public UUID getId() {
		return this.id;
	}

	public String getTenantId() {
		return this.tenantId;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public String getOrigin() {
		return this.origin;
	}

}
