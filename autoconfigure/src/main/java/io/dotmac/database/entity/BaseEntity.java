package io.dotmac.database.entity;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import org.hibernate.Hibernate;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.annotations.UuidGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Base of every dotmac entity: a time-ordered UUID key, creation and update timestamps and
 * an optimistic-locking version. The seed's {@code BaseModel} with its {@code GUID} column.
 * <p>
 * Columns (PostgreSQL):
 * <pre>
 * id          uuid        PRIMARY KEY
 * created_at  timestamptz NOT NULL
 * updated_at  timestamptz NOT NULL
 * version     bigint      NOT NULL
 * </pre>
 * <ul>
 * <li>{@code id} is a version 7 UUID (RFC 9562) from Hibernate's own generator
 * ({@code @UuidGenerator(style = VERSION_7)}): it starts with the creation time in
 * milliseconds, followed by a sub-millisecond fraction and a random tail that Hibernate keeps
 * monotonic within the JVM. New rows therefore land at the right edge of the primary key
 * index, as with a sequence, instead of at random pages as with version 4 UUIDs, while the
 * key stays unguessable enough to appear in URLs and safe to generate on many nodes. The id
 * is assigned when the entity is persisted.</li>
 * <li>{@code created_at} and {@code updated_at} are set by Hibernate from the JVM clock, at
 * the column's precision (microseconds on PostgreSQL): both on insert, {@code updated_at}
 * again on every update. They are {@link Instant}s, stored as {@code timestamptz}.</li>
 * <li>{@code version} is JPA's {@link Version @Version}: every update checks and increments
 * it, so a stale copy cannot overwrite newer data, and Spring Data treats an entity whose
 * version is {@code null} as new.</li>
 * </ul>
 * Two entities are {@linkplain #equals equal} when they are of the same class (looking through
 * Hibernate proxies) and have the same id; an entity without an id (not yet persisted) is
 * equal only to itself. The {@linkplain #hashCode hash code} depends on the class only, so it
 * does not change when the id is assigned and an entity can sit in a {@code HashSet} before
 * and after it is persisted.
 * <p>
 * This class also declares the soft-delete filter ({@value SoftDeletable#FILTER_NAME}) that
 * the soft-deletable entities use, once for the persistence unit; it affects no entity that
 * is not soft-deletable.
 *
 * @see SoftDeleteEntity
 * @see AuditedEntity
 * @see TenantEntity
 */
@MappedSuperclass
@FilterDef(name = SoftDeletable.FILTER_NAME, defaultCondition = SoftDeletable.FILTER_CONDITION, autoEnabled = true)
public abstract class BaseEntity {

	@Id
	@UuidGenerator(style = UuidGenerator.Style.VERSION_7)
	@Column(name = "id", nullable = false, updatable = false)
	private @Nullable UUID id;

	@CreationTimestamp
	@Column(name = "created_at", nullable = false, updatable = false)
	private @Nullable Instant createdAt;

	@UpdateTimestamp
	@Column(name = "updated_at", nullable = false)
	private @Nullable Instant updatedAt;

	@Version
	@Column(name = "version", nullable = false)
	private @Nullable Long version;

	/** For JPA and subclasses. */
	protected BaseEntity() {
	}

	/**
	 * Return the id.
	 * @return the id, or {@code null} until the entity is persisted
	 */
	public @Nullable UUID getId() {
		return this.id;
	}

	/**
	 * Return when the row was inserted.
	 * @return the creation time, or {@code null} until the entity is persisted
	 */
	public @Nullable Instant getCreatedAt() {
		return this.createdAt;
	}

	/**
	 * Return when the row was last written.
	 * @return the time of the last insert or update, or {@code null} until the entity is
	 * persisted
	 */
	public @Nullable Instant getUpdatedAt() {
		return this.updatedAt;
	}

	/**
	 * Return the optimistic-locking version.
	 * @return the version, or {@code null} until the entity is persisted
	 */
	public @Nullable Long getVersion() {
		return this.version;
	}

	// The getters rather than the fields: "other" may be an uninitialized Hibernate proxy,
	// whose fields are empty but whose id getter answers without loading the row.
	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof BaseEntity that) || Hibernate.getClassLazy(this) != Hibernate.getClassLazy(that)) {
			return false;
		}
		UUID id = getId();
		return id != null && id.equals(that.getId());
	}

	@Override
	public int hashCode() {
		return Hibernate.getClassLazy(this).hashCode();
	}

	@Override
	public String toString() {
		return Hibernate.getClassLazy(this).getSimpleName() + "[id=" + getId() + "]";
	}

}
