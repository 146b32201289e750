package io.dotmac.database.migration;

import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.dotmac.database.tenant.TenantId;

/**
 * What an operation covers: which tenants, which modules, whether the shared parts are
 * included, up to where, and how thoroughly it checks. Immutable; start from
 * {@link #allTenants()}, {@link #sharedOnly()} or {@link #forTenants(TenantId...)} and refine
 * with the {@code with...} methods.
 * <pre>{@code
 * migrations.upgrade(MigrationRequest.allTenants().withModules("billing").withParallelism(8));
 * }</pre>
 *
 * @param tenants the tenants whose tenant parts are covered
 * @param modules the modules covered; empty means all
 * @param includeShared whether the shared parts (and, in Row-Level Security mode, the tenant
 * parts on the shared tables) are covered
 * @param target a tag or changeset id to stop at (inclusive), or {@code null} for the head
 * @param deepVerify whether to check each schema's own history instead of trusting the central
 * state table
 * @param parallelism how many schemas at once, or {@code 0} for the configured default
 */
public record MigrationRequest(TenantSelection tenants, Set<String> modules, boolean includeShared,
		@Nullable String target, boolean deepVerify, int parallelism) {

	/**
	 * Validate the request.
	 */
	public MigrationRequest {
		Objects.requireNonNull(tenants, "tenants must not be null");
		modules = Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(modules, "modules must not be null")));
		if (parallelism < 0) {
			throw new IllegalArgumentException("parallelism must not be negative, was " + parallelism);
		}
	}

	/**
	 * Everything: shared parts and every tenant, every module, to the head.
	 * @return the request
	 */
	public static MigrationRequest allTenants() {
		return new MigrationRequest(TenantSelection.all(), Set.of(), true, null, false, 0);
	}

	/**
	 * The shared parts only.
	 * @return the request
	 */
	public static MigrationRequest sharedOnly() {
		return new MigrationRequest(TenantSelection.none(), Set.of(), true, null, false, 0);
	}

	/**
	 * The tenant parts of the given tenants, without the shared parts.
	 * @param tenants the tenants
	 * @return the request
	 */
	public static MigrationRequest forTenants(TenantId... tenants) {
		return new MigrationRequest(TenantSelection.of(tenants), Set.of(), false, null, false, 0);
	}

	/**
	 * The same request for other tenants.
	 * @param selection the tenants
	 * @return a new request
	 */
	public MigrationRequest withTenants(TenantSelection selection) {
		return new MigrationRequest(selection, this.modules, this.includeShared, this.target, this.deepVerify,
				this.parallelism);
	}

	/**
	 * The same request restricted to some modules.
	 * @param names the module names
	 * @return a new request
	 */
	public MigrationRequest withModules(String... names) {
		return new MigrationRequest(this.tenants, Set.copyOf(Arrays.asList(names)), this.includeShared, this.target,
				this.deepVerify, this.parallelism);
	}

	/**
	 * The same request with or without the shared parts.
	 * @param include whether to cover the shared parts
	 * @return a new request
	 */
	public MigrationRequest withShared(boolean include) {
		return new MigrationRequest(this.tenants, this.modules, include, this.target, this.deepVerify,
				this.parallelism);
	}

	/**
	 * The same request, stopping at a tag or changeset id (inclusive).
	 * @param tagOrChangeSet the tag or changeset id, or {@code null} for the head
	 * @return a new request
	 */
	public MigrationRequest withTarget(@Nullable String tagOrChangeSet) {
		return new MigrationRequest(this.tenants, this.modules, this.includeShared, tagOrChangeSet, this.deepVerify,
				this.parallelism);
	}

	/**
	 * The same request, checking each schema's own history.
	 * @return a new request
	 */
	public MigrationRequest withDeepVerify() {
		return new MigrationRequest(this.tenants, this.modules, this.includeShared, this.target, true,
				this.parallelism);
	}

	/**
	 * The same request with another parallelism.
	 * @param schemasAtOnce how many schemas at once, {@code 0} for the configured default
	 * @return a new request
	 */
	public MigrationRequest withParallelism(int schemasAtOnce) {
		return new MigrationRequest(this.tenants, this.modules, this.includeShared, this.target, this.deepVerify,
				schemasAtOnce);
	}

	/**
	 * Whether a module is covered.
	 * @param name the module name
	 * @return {@code true} when covered
	 */
	public boolean includesModule(String name) {
		return this.modules.isEmpty() || this.modules.contains(name);
	}

}
