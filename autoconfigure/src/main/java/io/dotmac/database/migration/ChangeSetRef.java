package io.dotmac.database.migration;

import java.util.Objects;

/**
 * The identity of a Liquibase changeset: id, author and file path, as in Liquibase's history
 * table.
 *
 * @param id the changeset id
 * @param author the changeset author
 * @param filePath the (logical) file path Liquibase records
 */
public record ChangeSetRef(String id, String author, String filePath) {

	/**
	 * Validate the reference.
	 */
	public ChangeSetRef {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(author, "author must not be null");
		Objects.requireNonNull(filePath, "filePath must not be null");
	}

	/**
	 * Liquibase's own spelling, {@code path::id::author}.
	 * @return the reference as Liquibase prints it
	 */
	@Override
	public String toString() {
		return this.filePath + "::" + this.id + "::" + this.author;
	}

}
