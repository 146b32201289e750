/**
 * Base entities for JPA (Hibernate) with Spring Data: the seed's {@code BaseModel},
 * {@code GUID}, mixins and query scopes.
 *
 * <h2>The classes</h2>
 * Every entity extends one of these {@code @MappedSuperclass}es:
 * <table>
 * <caption>Base classes and the seed's mixins</caption>
 * <tr><th>extend</th><th>seed</th><th>adds columns</th></tr>
 * <tr><td>{@link io.dotmac.database.entity.BaseEntity}</td><td>{@code BaseModel}</td>
 * <td>{@code id uuid} (version 7), {@code created_at}, {@code updated_at} ({@code timestamptz}),
 * {@code version bigint}</td></tr>
 * <tr><td>{@link io.dotmac.database.entity.SoftDeleteEntity}</td><td>{@code SoftDeleteMixin}</td>
 * <td>{@code deleted_at timestamptz}, {@code is_active boolean}</td></tr>
 * <tr><td>{@link io.dotmac.database.entity.AuditedEntity}</td><td>{@code AuditMixin}</td>
 * <td>{@code created_by}, {@code updated_by} ({@code varchar(255)})</td></tr>
 * <tr><td>{@link io.dotmac.database.entity.TenantEntity}</td><td>{@code TenantAwareMixin}</td>
 * <td>{@code tenant_id varchar(48) NOT NULL}</td></tr>
 * <tr><td>{@link io.dotmac.database.entity.AuditedSoftDeleteEntity}</td><td>{@code SoftDeleteAuditMixin}</td>
 * <td>soft delete + audit</td></tr>
 * <tr><td>{@link io.dotmac.database.entity.TenantSoftDeleteEntity}</td><td>{@code TenantAwareSoftDeleteMixin}</td>
 * <td>tenant + soft delete</td></tr>
 * <tr><td>{@link io.dotmac.database.entity.TenantAuditedSoftDeleteEntity}</td><td>{@code CompleteMixin}</td>
 * <td>tenant + soft delete + audit</td></tr>
 * <tr><td>{@link io.dotmac.database.entity.TenantAuditedEntity}</td><td>(completes the set)</td>
 * <td>tenant + audit</td></tr>
 * </table>
 * The capabilities are also interfaces, {@link io.dotmac.database.entity.SoftDeletable},
 * {@link io.dotmac.database.entity.Audited} and {@link io.dotmac.database.entity.TenantAware},
 * which is what the infrastructure (repository fragment, listeners) and application code test
 * for.
 *
 * <h2>Why a small hierarchy of mapped superclasses</h2>
 * Python composes mixins by multiple inheritance; Java has one superclass. The options were
 * embeddables, interfaces with entity listeners, or one mapped superclass per combination. We
 * chose the last, with the interfaces on top:
 * <ul>
 * <li>The columns stay plain attributes of the entity ({@code c.deletedAt}, {@code c.tenantId},
 * {@code c.createdBy} in JPQL, {@code findByTenantIdAndCreatedBy} as a derived query), where
 * an {@code @Embedded} group would add a path segment to every query
 * ({@code c.audit.createdBy}) and a null-handling rule for the group.</li>
 * <li>The behaviour that must hold for every such entity (the tenant check on insert, the
 * soft-delete filter, the guard against physical deletes, auditing) comes with the class,
 * through {@code @EntityListeners} and {@code @Filter}, which Hibernate inherits from mapped
 * superclasses. An entity cannot opt into the columns and forget the behaviour.</li>
 * <li>The seven combinations form short chains ({@code TenantEntity} &#8592;
 * {@code TenantSoftDeleteEntity} &#8592; {@code TenantAuditedSoftDeleteEntity}), so the price
 * of single inheritance is small: the soft-delete columns are declared in two classes and the
 * two audit columns in four, plain fields and getters that are cheaper to read than any
 * indirection that would avoid them.</li>
 * </ul>
 *
 * <h2>Soft delete</h2>
 * Hibernate offers three mechanisms; we use filters for reading and the persistence context for
 * writing:
 * <ul>
 * <li>{@code @SoftDelete} (Hibernate 6.4+, {@code TIMESTAMP} strategy since 7.0) turns every
 * delete into an update and hides deleted rows everywhere, but the indicator column is not an
 * attribute (no {@code getDeletedAt()}), there is one column (no {@code is_active}), and there
 * is no way back: deleted rows cannot be queried or restored through Hibernate, only with
 * native SQL. It must also sit on the root entity, not on a mapped superclass.</li>
 * <li>{@code @SQLDelete} + {@code @SQLRestriction}: the delete statement must name the table, so
 * every entity would repeat it, and a restriction can never be lifted, so deleted rows are
 * again reachable only with native SQL.</li>
 * <li>A filter ({@code @FilterDef(autoEnabled = true)} + {@code @Filter}), which we use: every
 * HQL/JPQL, criteria and Spring Data query of a soft-deletable entity gets
 * {@code deleted_at IS NULL}, and {@link io.dotmac.database.entity.SoftDeleteFilter#includingDeleted}
 * lifts it for a block of work on the current session. Deleting marks the entity
 * ({@link io.dotmac.database.entity.SoftDeletable#markDeleted}) and lets the normal flush write it,
 * so versioning, {@code updated_at} and auditing apply.</li>
 * </ul>
 * {@link io.dotmac.database.entity.SoftDeleteRepository}, a Spring Data repository fragment, makes
 * the repository's {@code delete*} methods soft, its {@code findById} skip deleted rows, and adds
 * the explicit paths: {@code findByIdIncludingDeleted}, {@code findAllIncludingDeleted},
 * {@code findAllDeleted}, {@code includingDeleted(...)}, {@code restoreById}, {@code purgeById}.
 * <p>
 * Limits, each deliberate:
 * <ul>
 * <li>Native SQL ({@code @Query(nativeQuery = true)}, {@code JdbcTemplate}) does not see the
 * filter: add {@code deleted_at IS NULL} yourself.</li>
 * <li>Loading by key is not filtered: {@code EntityManager.find}, {@code getReferenceById} and
 * to-one associations still return a deleted row, so that a live row that references a deleted
 * one (an invoice of a deleted customer) stays loadable; check
 * {@link io.dotmac.database.entity.SoftDeletable#isDeleted()} where it matters. The repository's
 * {@code findById} is filtered (and therefore ignores {@code @Lock} or {@code @EntityGraph}
 * declared on {@code findById} itself).</li>
 * <li>To-many associations are filtered only when the collection carries
 * {@code @Filter(name = SoftDeletable.FILTER_NAME)} too.</li>
 * <li>A physical delete through {@code EntityManager.remove} (and so Spring Data's derived
 * {@code deleteBy...} methods, cascades, orphan removal) is refused by
 * {@link io.dotmac.database.entity.SoftDeleteGuard}; purge explicitly instead.</li>
 * <li>The filter condition names the column {@code deleted_at}: do not rename it with
 * {@code @AttributeOverride}.</li>
 * </ul>
 *
 * <h2>Unique constraints</h2>
 * A plain unique constraint would keep a deleted customer's email taken forever. Declare
 * uniqueness as a partial unique index over live rows, leading with {@code tenant_id} so that it
 * is unique per tenant and serves the tenant's lookups:
 * <pre>
 * CREATE UNIQUE INDEX customers_email_live_key
 *     ON customers (tenant_id, lower(email)) WHERE deleted_at IS NULL;
 * </pre>
 * Its predicate is the filter's condition, so the planner can use it for the filtered queries.
 * Restoring a row whose value was taken by a live row meanwhile fails with a
 * {@code DataIntegrityViolationException}, at the {@code restoreById} call. Keep {@code is_active}
 * consistent in the schema as well:
 * {@code CHECK (is_active = (deleted_at IS NULL))}.
 *
 * <h2>Tenant</h2>
 * {@link io.dotmac.database.entity.TenantEntityListener} assigns the tenant bound in
 * {@link io.dotmac.database.tenant.TenantContext} on insert and refuses an insert with none bound
 * ({@link io.dotmac.database.tenant.MissingTenantException}) or for another tenant
 * ({@link io.dotmac.database.entity.TenantAssignmentException}); the column is not updatable. Which
 * rows are visible is PostgreSQL's row level security's business, not the entity's.
 */
@NullMarked
package io.dotmac.database.entity;

import org.jspecify.annotations.NullMarked;
