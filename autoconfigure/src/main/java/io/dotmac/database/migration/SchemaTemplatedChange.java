package io.dotmac.database.migration;

/**
 * A Liquibase change whose SQL is a template with {@link SqlTemplates placeholders}, expanded
 * for the target schema when it runs. Its checksum is computed over the template, so it is the
 * same in every schema; the engine renders it once and expands it per schema.
 */
public interface SchemaTemplatedChange {

	/**
	 * The SQL with its placeholders unexpanded.
	 * @return the template
	 */
	String getTemplate();

}
