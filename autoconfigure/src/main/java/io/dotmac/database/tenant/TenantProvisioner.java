package io.dotmac.database.tenant;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.dotmac.database.DatabaseValidationException;

/**
 * A tenant's life: create, suspend, resume, delete, list. The provisioning API behind the
 * sample's admin endpoints and the command line.
 * <p>
 * Creation registers the tenant as {@link TenantStatus#PROVISIONING} (not served), creates
 * its storage through the {@link TenantStorage} (for schema per tenant: the schema, its
 * tables at the current migration, privileges), writes seed data, and only then makes it
 * {@link TenantStatus#ACTIVE}. Deletion marks it {@link TenantStatus#DELETING} (not
 * served), removes its storage, then its registration. Every {@link ProvisioningStep} is
 * idempotent and the registry status records how far an operation got, so one that stopped
 * anywhere (a crash, a failing migration) completes when it is called again with the same
 * arguments.
 * <p>
 * Deletion is guarded against accidents: the tenant must be suspended first (or be a
 * creation that never finished), and the caller must repeat the tenant id as a
 * confirmation.
 */
public class TenantProvisioner {

	private static final Log logger = LogFactory.getLog(TenantProvisioner.class);

	private final TenantRegistry registry;

	private final TenantStorage storage;

	private final @Nullable TenantSeeder seeder;

	private final ProvisioningListener listener;

	/**
	 * Create a provisioner.
	 * @param registry the tenant registry
	 * @param storage where tenants' data lives
	 */
	public TenantProvisioner(TenantRegistry registry, TenantStorage storage) {
		this(registry, storage, null, ProvisioningListener.NONE);
	}

	/**
	 * Create a provisioner.
	 * @param registry the tenant registry
	 * @param storage where tenants' data lives
	 * @param seeder writes a new tenant's initial data, or {@code null} for none
	 * @param listener told before each step
	 */
	public TenantProvisioner(TenantRegistry registry, TenantStorage storage, @Nullable TenantSeeder seeder,
			ProvisioningListener listener) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
		this.storage = Objects.requireNonNull(storage, "storage must not be null");
		this.seeder = seeder;
		this.listener = Objects.requireNonNull(listener, "listener must not be null");
	}

	/**
	 * A copy that tells another listener about each step.
	 * @param listener the listener
	 * @return the new provisioner
	 */
	public TenantProvisioner withListener(ProvisioningListener listener) {
		return new TenantProvisioner(this.registry, this.storage, this.seeder, listener);
	}

	/**
	 * A copy that seeds new tenants.
	 * @param seeder the seeder, or {@code null} for none
	 * @return the new provisioner
	 */
	public TenantProvisioner withSeeder(@Nullable TenantSeeder seeder) {
		return new TenantProvisioner(this.registry, this.storage, seeder, this.listener);
	}

	/**
	 * Create a tenant, or finish creating one whose creation stopped half way.
	 * @param id the tenant's id
	 * @param name its display name
	 * @return the tenant, active
	 * @throws TenantAlreadyExistsException when the tenant exists and is not being created
	 */
	public Tenant create(TenantId id, String name) {
		Objects.requireNonNull(id, "id must not be null");
		step(id, ProvisioningStep.REGISTER);
		Tenant tenant;
		try {
			tenant = this.registry.register(id, name, TenantStatus.PROVISIONING);
		}
		catch (TenantAlreadyExistsException ex) {
			tenant = this.registry.find(id).orElseThrow(() -> ex);
			if (tenant.status() != TenantStatus.PROVISIONING) {
				throw ex;
			}
			logger.info("Resuming the creation of tenant '" + id + "'");
		}
		this.storage.create(id, this.listener);
		if (this.seeder != null) {
			step(id, ProvisioningStep.SEED);
			TenantSeeder seeder = this.seeder;
			TenantContext.run(id, () -> seeder.seed(id));
		}
		step(id, ProvisioningStep.ACTIVATE);
		Tenant active = this.registry.transition(id, TenantStatus.PROVISIONING, TenantStatus.ACTIVE);
		logger.info("Created tenant '" + id + "'");
		return active;
	}

	/**
	 * Suspend a tenant: it is no longer served; its data is kept. Suspending a suspended
	 * tenant changes nothing.
	 * @param id the tenant's id
	 * @return the tenant, suspended
	 * @throws UnknownTenantException when it is not registered
	 * @throws TenantStateException when it is being created or deleted
	 */
	public Tenant suspend(TenantId id) {
		return this.registry.suspend(id);
	}

	/**
	 * Resume a suspended tenant. Resuming an active tenant changes nothing.
	 * @param id the tenant's id
	 * @return the tenant, active
	 * @throws UnknownTenantException when it is not registered
	 * @throws TenantStateException when it is being created or deleted
	 */
	public Tenant resume(TenantId id) {
		return this.registry.resume(id);
	}

	/**
	 * Delete a tenant and all its data, or finish deleting one whose deletion stopped half
	 * way. The tenant must be suspended (or a creation that never finished), and
	 * {@code confirmation} must equal its id.
	 * @param id the tenant's id
	 * @param confirmation the tenant's id again
	 * @return {@code true} when a tenant was deleted, {@code false} when there was none
	 * @throws DatabaseValidationException when the confirmation does not match
	 * @throws TenantStateException when the tenant is active
	 */
	public boolean delete(TenantId id, String confirmation) {
		Objects.requireNonNull(id, "id must not be null");
		if (!id.value().equals(confirmation)) {
			throw new DatabaseValidationException("Deleting tenant '" + id + "' needs its id as the confirmation; "
					+ "nothing was deleted");
		}
		Optional<Tenant> found = this.registry.find(id);
		if (found.isEmpty()) {
			return false;
		}
		TenantStatus status = found.get().status();
		if (status == TenantStatus.ACTIVE) {
			throw new TenantStateException(found.get(), "delete it; suspend it first");
		}
		step(id, ProvisioningStep.MARK_DELETING);
		this.registry.transition(id, status, TenantStatus.DELETING);
		step(id, ProvisioningStep.DROP_STORAGE);
		this.storage.drop(id);
		step(id, ProvisioningStep.UNREGISTER);
		this.registry.remove(id, TenantStatus.DELETING);
		logger.info("Deleted tenant '" + id + "' and its data");
		return true;
	}

	/**
	 * Every registered tenant, in every status, ordered by id.
	 * @return the tenants
	 */
	public List<Tenant> list() {
		return this.registry.findAll();
	}

	/**
	 * Find one tenant.
	 * @param id the tenant's id
	 * @return the tenant, whatever its status, or empty
	 */
	public Optional<Tenant> find(TenantId id) {
		return this.registry.find(id);
	}

	private void step(TenantId tenant, ProvisioningStep step) {
		this.listener.beforeStep(tenant, step);
	}

	@Override
	public String toString() {
		return "TenantProvisioner[registry=" + this.registry + ", storage=" + this.storage + "]";
	}

}
