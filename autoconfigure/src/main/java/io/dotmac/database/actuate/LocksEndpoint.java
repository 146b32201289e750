package io.dotmac.database.actuate;

import java.util.List;
import java.util.Objects;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.dotmac.database.lock.DistributedLocks;
import io.dotmac.database.lock.HeldLock;

/**
 * The {@code locks} actuator endpoint: the distributed locks that this process holds right now,
 * per provider, with their tenant, holder thread, acquisition time and fencing token. Other
 * processes' locks are not listed.
 * <p>
 * Like every actuator endpoint it is not exposed over HTTP until listed in
 * {@code management.endpoints.web.exposure.include}.
 */
@Endpoint(id = LocksEndpoint.ID)
public class LocksEndpoint {

	/** The endpoint id. */
	public static final String ID = "locks";

	private final List<DistributedLocks> providers;

	/**
	 * Create the endpoint.
	 * @param providers the lock providers to report on
	 */
	public LocksEndpoint(List<DistributedLocks> providers) {
		this.providers = List.copyOf(Objects.requireNonNull(providers, "providers"));
	}

	/**
	 * The held locks.
	 * @return the locks, per provider
	 */
	@ReadOperation
	public LocksDescriptor locks() {
		return new LocksDescriptor(this.providers.stream()
			.map((locks) -> new ProviderLocks(locks.provider(), locks.heldLocks()))
			.toList());
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param providers each provider with the locks it holds
	 */
	public record LocksDescriptor(List<ProviderLocks> providers) implements OperationResponseBody {

	}

	/**
	 * One provider's held locks.
	 *
	 * @param provider the backend
	 * @param held the locks this process holds, oldest first
	 */
	public record ProviderLocks(String provider, List<HeldLock> held) {

	}

}
