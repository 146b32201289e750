package io.dotmac.database.migration.source.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** An entity missing from the fixture changelog: autogenerate must create its table. */
@Entity
public class Widget {

	@Id
	private Long id;

	@Column(nullable = false, length = 80)
	private String displayName;

	private int stockLevel;

}
