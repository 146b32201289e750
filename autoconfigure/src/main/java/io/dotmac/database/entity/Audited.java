package io.dotmac.database.entity;

import org.jspecify.annotations.Nullable;

/**
 * An entity that records who created it and who changed it last: the seed's
 * {@code AuditMixin}, columns {@code created_by varchar(255)} and
 * {@code updated_by varchar(255)}.
 * <p>
 * The columns are filled by Spring Data's {@code AuditingEntityListener} from the
 * application's {@code AuditorAware} bean: on insert both, on every update
 * {@code updated_by}, including a soft delete and a restore. The dotmac auto-configuration
 * enables Spring Data JPA auditing and, with Spring Security on the class path, supplies an
 * {@code AuditorAware} that returns the authenticated principal's name; with no auditor the
 * columns stay {@code NULL}. Implemented by {@link AuditedEntity},
 * {@link AuditedSoftDeleteEntity}, {@link TenantAuditedEntity} and
 * {@link TenantAuditedSoftDeleteEntity}.
 */
public interface Audited {

	/**
	 * Return who inserted the row.
	 * @return the auditor at insert time, or {@code null} when there was none
	 */
	@Nullable String getCreatedBy();

	/**
	 * Return who wrote the row last.
	 * @return the auditor of the last insert or update, or {@code null} when there was none
	 */
	@Nullable String getUpdatedBy();

}
