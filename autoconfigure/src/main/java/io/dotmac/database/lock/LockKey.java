package io.dotmac.database.lock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;
import io.dotmac.database.tenant.TenantContext;
import io.dotmac.database.tenant.TenantId;

/**
 * A lock name with the tenant it is qualified by, and the keys the backends use for it.
 *
 * @param name the name as the caller gave it, validated
 * @param tenant the tenant, or {@code null} for a global lock
 */
public record LockKey(String name, @Nullable TenantId tenant) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}");

	/**
	 * Validate the key.
	 * @param name the lock's name
	 * @param tenant the tenant, or {@code null}
	 */
	public LockKey {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new DatabaseValidationException("Lock name '" + name + "' must be 1 to 200 letters, digits, "
					+ "'.', '_', ':', '/', '@' or '-', starting with a letter or digit");
		}
	}

	/**
	 * The key for a name in the current {@link TenantContext}.
	 * @param name the lock's name
	 * @param tenantScoped whether to qualify it by the bound tenant
	 * @return the key; global when not tenant-scoped, in the system scope or with no tenant bound
	 */
	public static LockKey current(String name, boolean tenantScoped) {
		TenantId tenant = (tenantScoped && !TenantContext.isSystemScope()) ? TenantContext.currentOrNull() : null;
		return new LockKey(name, tenant);
	}

	/**
	 * The name qualified by its scope: {@code global:name} or {@code tenant:acme:name}. No two
	 * keys share it, because tenant ids contain no ':'.
	 * @return the qualified name
	 */
	public String qualifiedName() {
		return (this.tenant != null) ? "tenant:" + this.tenant.value() + ":" + this.name : "global:" + this.name;
	}

	/**
	 * A 64-bit key for PostgreSQL's advisory lock functions: the first 8 bytes of the SHA-256
	 * digest of {@code namespace:qualifiedName}. Unlike {@code hashtext}, a 32-bit hash on which
	 * unrelated names collide within a few tens of thousands, a collision of this key is
	 * astronomically unlikely (about 2<sup>-64</sup> per pair of names).
	 * @param namespace the namespace
	 * @return the key
	 */
	public long advisoryKey(String namespace) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			byte[] hash = digest.digest((namespace + ":" + qualifiedName()).getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.wrap(hash, 0, Long.BYTES).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/**
	 * The tenant's id, or {@code null}.
	 * @return the id
	 */
	@Nullable String tenantValue() {
		return (this.tenant != null) ? this.tenant.value() : null;
	}

}
