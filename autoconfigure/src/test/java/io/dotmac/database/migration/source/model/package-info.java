/**
 * JPA entities for the autogenerate tests.
 */
package io.dotmac.database.migration.source.model;
