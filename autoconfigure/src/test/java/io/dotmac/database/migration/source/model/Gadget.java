package io.dotmac.database.migration.source.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity whose table the fixture changelog already creates. */
@Entity
@Table(name = "gadgets")
public class Gadget {

	@Id
	private Long id;

	private String label;

}
